/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ps_columns.h - procps's output columns for `psutil ps -o FORMAT` and `-f`, and the
 * --forest ordering and --sort's keys: what cmd_ps.c shares with ps_columns.c.
 */
#ifndef PSUTIL_CLI_PS_COLUMNS_H
#define PSUTIL_CLI_PS_COLUMNS_H

#include "cli.h"

/* One process as ps prints it. */
struct ps_item {
    const psutil_proc_row_t *r;
    double pcpu, pmem, cputime; /* %, %, s */
    int depth;                  /* --forest: levels below a root */
    int more;                   /* --forest: a sibling follows it (procps draws a | below) */
    const struct ps_item *up;   /* --forest: its parent's item, NULL for a root */
};

/* What every row is formatted against. */
struct ps_ctx {
    double now;    /* epoch s */
    int pid_width; /* digits of kernel.pid_max, at least 5, as procps sizes PIDs */
    int forest;    /* indent args/comm by depth */
};

#define PS_MAX_COLUMNS 64

/* A chosen column with its header (procps's, or the one given after '='). */
struct ps_fmt {
    int col[PS_MAX_COLUMNS];
    char header[PS_MAX_COLUMNS][32];
    int width[PS_MAX_COLUMNS]; /* "name:WIDTH"; 0: the column's own */
    size_t n;
};

/* Appends the columns of a procps format ("pid,ppid,user", "pid comm=CMD", "pid=",
 * "user:20"); -1 with
 * *bad set to the unknown name (a pointer into a static copy) when one is not a column. */
int ps_format_add(struct ps_fmt *fmt, const char *spec, const char **bad);
/* 1 when a column of the format is the real user's (ruser, ruid: status's Uid line). */
int ps_format_needs_real_user(const struct ps_fmt *fmt);
/* 1 when a column of the format shows STAT, whose L flag needs status's VmLck. */
int ps_format_needs_locked(const struct ps_fmt *fmt);
/* 1 when a column of the format needs /proc/PID/cgroup (cgroup, container). */
int ps_format_needs_cgroup(const struct ps_fmt *fmt);
/* procps's -f: UID PID PPID C STIME TTY TIME CMD. */
void ps_format_full(struct ps_fmt *fmt);
/* The header line, unless every header is empty ("pid=,comm="). */
void ps_print_header(const struct ps_fmt *fmt, const struct ps_ctx *ctx);
void ps_print_row(const struct ps_fmt *fmt, const struct ps_item *it, const struct ps_ctx *ctx);
/* Reorders items parents first, children below, and sets depth, as procps's --forest:
 * siblings in the items' order (`sorted`: a --sort's) or, unsorted, by start time then
 * pid; the roots (whose parent is not listed) in the reverse of that order; pid 1's
 * children at pid 1's own level. Iterative, and each process appears once whatever the
 * ppids say (duplicate pids aside). */
void ps_forest(struct ps_item *items, size_t n, int sorted);
/* ps's STAT text of a row: the state letter and procps's flags (< N L s l +; L needs
 * PSUTIL_PF_LOCKED). */
void ps_stat_text(const psutil_proc_row_t *r, char buf[8]);

/* A --sort order. */
struct ps_sort {
    int key;  /* opaque: what ps_sort_parse() found */
    int desc; /* 1: reversed */
};
/* A --sort key ("-rss", "+etime", "cpu"): psutil's names, every -o column name and alias
 * that orders (procps's), and procps's sort-only names (etimes, cputimes, bsdstart,
 * fname); a leading - reverses. -1 when it names no key. */
int ps_sort_parse(const char *spec, struct ps_sort *out);
/* qsort's order of two items under s; ties keep pid order, as procps. */
int ps_sort_compare(const struct ps_sort *s, const struct ps_item *a, const struct ps_item *b);

/* The names of every column, for --help. */
const char *ps_column_names(void);

#endif
