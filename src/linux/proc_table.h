/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_table.h - the row reader the process table and the process monitor share: one
 * pass's state (buffers, name caches, the packed rows) and the reading of one row
 * through its /proc/PID directory, either opening each file (the table) or through fds
 * the monitor keeps and preads (proc_monitor.c).
 */
#ifndef PSUTIL_LINUX_PROC_TABLE_H
#define PSUTIL_LINUX_PROC_TABLE_H

#include "proc.h"

/* A name cache for one pass: uid → user, tty_nr → terminal, hashed so a machine with
 * thousands of users (one per container) costs no search per row. */
struct psutil__name_cache {
    struct {
        int64_t key;
        const char *off; /* string offset in the pack */
    } * v;
    size_t n, cap;
    psutil__index index;
    int64_t want; /* the key being looked up */
};

/* One pass over the processes: what every row's reading shares. */
struct psutil__scan {
    uint32_t fields;
    psutil__pack pk;
    psutil__buf b, text, args, cg;
    struct psutil__name_cache users, ttys;
    const char *empty; /* offset of "" */
    double boot, hz;
    int procfs; /* the root is a procfs (not a fixture tree): fd/ is counted by its size */
    int own;    /* the root is the default /proc: its pids are this process's to prlimit */
    uint64_t page;
};

/* The files of a row that the monitor keeps open (the command line is read once per
 * identity instead). */
enum psutil__row_file {
    PSUTIL__RF_STAT,
    PSUTIL__RF_STATUS,
    PSUTIL__RF_STATM,
    PSUTIL__RF_IO,
    PSUTIL__RF_CGROUP,
    PSUTIL__RF_FD,   /* the fd/ directory (counted with getdents64 from its start) */
    PSUTIL__RF_KEPT, /* how many can be kept */
    PSUTIL__RF_CMDLINE = PSUTIL__RF_KEPT,
    PSUTIL__RF_LIMITS /* read only where prlimit cannot answer */
};

/* The command line a process identity had, as the monitor keeps it: valid while the
 * start time and comm are those it was read with and the process is not a zombie. */
struct psutil__cmdline_cache {
    psutil__buf raw;  /* the cmdline file's bytes */
    psutil__buf text; /* its arguments joined by spaces, and NUL-separated (the row's) */
    psutil__buf args;
    uint64_t start;
    char comm[64];
    int ok;
};

/* Where a row's files come from. */
struct psutil__row_files {
    int dirfd;      /* /proc/PID */
    int *kept;      /* NULL (the table: each file opened through dirfd, read, closed), or
                       PSUTIL__RF_KEPT fds, -1 for one not open yet */
    size_t *budget; /* with kept: how many more fds may be opened and kept (0: read the
                       rest by opening them, as the table does) */
    struct psutil__cmdline_cache *cmdline; /* NULL, or this pid's cache */
};

PSUTIL__HIDDEN void psutil__scan_init(struct psutil__scan *s, uint32_t fields, double boot);
PSUTIL__HIDDEN void psutil__scan_release(struct psutil__scan *s);
/* Empties the pass's rows and strings for another pass, keeping the memory. */
PSUTIL__HIDDEN void psutil__scan_reset(struct psutil__scan *s);
/* Reserves room for n rows and adds the shared "" string: 0 or PSUTIL_ENOMEM. */
PSUTIL__HIDDEN int psutil__scan_begin(struct psutil__scan *s, size_t n);

/* Reads one row (pid) and appends it to s->pk: 0 with *keep 1, or 0 with *keep 0 when
 * the process is gone (its stat cannot be read, or it ended between two of its files),
 * or a code (only ENOMEM and parse errors). */
PSUTIL__HIDDEN int psutil__scan_row(struct psutil__scan *s, struct psutil__row_files *rf,
                                    psutil_pid_t pid, int *keep);

#endif
