/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc.h - what the Linux process files share: the per-call context that proves a
 * handle's identity and holds the /proc/PID directory fd, and the oneshot cache.
 */
#ifndef PSUTIL_LINUX_PROC_H
#define PSUTIL_LINUX_PROC_H

#include "linux.h"

/* Kept in the handle during a oneshot window. */
struct psutil__pcache {
    int dirfd; /* /proc/PID, -1 until the first call of the window */
    psutil__pstat st;
    psutil__buf status, statm;
    int have_status, have_statm;
};

struct psutil__pctx {
    psutil_proc_t *p;
    int dirfd;                    /* /proc/PID */
    int owned;                    /* close dirfd at the end (no oneshot window) */
    psutil__pstat st;             /* stat as read by this call (or the window) */
    struct psutil__pcache *cache; /* the window's cache, or NULL */
};

/* Opens /proc/PID, reads stat and proves identity (start time); PSUTIL_ENOSUCHPROC when
 * the process is gone or its pid reused. */
PSUTIL__HIDDEN int psutil__proc_begin(psutil_proc_t *p, struct psutil__pctx *c);
PSUTIL__HIDDEN void psutil__proc_end(struct psutil__pctx *c);
/* The pids in the procfs directory root (an fd the caller keeps), sorted, into the
 * array *pids of *cap items (NULL and 0 at first; grown as needed and kept by the
 * caller, who psutil__dealloc's it, also after an error): 0 or a code. */
PSUTIL__HIDDEN int psutil__linux_pids_at(int root, psutil_pid_t **pids, size_t *cap, size_t *out_n);

/* Turns an errno from a process file or syscall into a code and records it: EPERM and
 * EACCES are access denied, ENOENT and ESRCH no such process, EINVAL (setters) invalid
 * argument, ENOMEM no memory, anything else an OS error. */
PSUTIL__HIDDEN int psutil__proc_errno(int err, const char *what);

/* Reads a file of the process, classifying failures (access denied, gone, zombie). */
PSUTIL__HIDDEN int psutil__proc_read(struct psutil__pctx *c, const char *file, psutil__buf *b);
/* The same; with `missing`, a file absent from a live process (smaps_rollup before 4.14)
 * is 0 with *missing set instead of an error. */
PSUTIL__HIDDEN int psutil__proc_read_opt(struct psutil__pctx *c, const char *file, psutil__buf *b,
                                         int *missing);

/* The name psutil reports: comm, or the basename of argv[0] (from a cmdline image) when
 * comm is cut at 15 characters and is a prefix of it. *name points into comm or cmdline. */
PSUTIL__HIDDEN void psutil__full_name(const char *comm, const char *cmdline, size_t len,
                                      const char **name, size_t *nlen);

/* The stat state letter as a psutil_proc_status (0 for an unknown letter). */
PSUTIL__HIDDEN int psutil__status_of(char state);

/* tty_nr → a /dev path: the usual major numbers first (pts 136-143, tty 4), each
 * checked with stat; else a scan of /dev and /dev/pts for the character device.
 * Returns 1 when found. */
PSUTIL__HIDDEN int psutil__tty_path(int64_t tty_nr, char *buf, size_t size);
/* The login name of uid from the password database, or the uid as a decimal number when
 * it has none (as psutil does). The result points into buf, which getpwuid_r also uses
 * for its strings; 4096 bytes is enough for any passwd entry. */
PSUTIL__HIDDEN const char *psutil__user_name(int64_t uid, char *buf, size_t size);

/* --- the process fields, each once (proc_fields.c) --------------------------------- */

PSUTIL__HIDDEN void psutil__pf_cpu_times(const psutil__pstat *st, double hz,
                                         psutil_proc_cpu_times_t *out);
PSUTIL__HIDDEN double psutil__pf_create_time(uint64_t starttime, double boot, double hz);
/* statm in bytes: 0 or PSUTIL_EPARSE (recorded, as psutil__parse_statm does). */
PSUTIL__HIDDEN int psutil__pf_memory(const char *s, size_t len, uint64_t page,
                                     psutil_proc_memory_t *out);
/* io and status's switches: 0, or PSUTIL_EPARSE with *missing naming the absent key,
 * recorded by the caller if it fails a call on it. */
PSUTIL__HIDDEN int psutil__pf_io(const char *s, size_t len, psutil_proc_io_t *out,
                                 const char **missing);
PSUTIL__HIDDEN int psutil__pf_ctx_switches(const char *s, size_t len, psutil_ctx_switches_t *out,
                                           const char **missing);
/* Entries of dirfd/fd: 0, or PSUTIL_EOS with *err the errno (not recorded). by_size:
 * dirfd is on procfs (psutil__linux_is_procfs), whose fd/ size is the count (Linux
 * 6.2+). */
PSUTIL__HIDDEN int psutil__pf_num_fds(int dirfd, int by_size, int64_t *out, int *err);
/* The same through an fd of the fd/ directory itself, read from its start (the monitor
 * keeps it open). */
PSUTIL__HIDDEN int psutil__pf_count_fds(int fd_dir, int by_size, int64_t *out, int *err);
/* 1 when fd is on a procfs (a fixture tree is not: sizes there are the filesystem's). */
PSUTIL__HIDDEN int psutil__linux_is_procfs(int fd);
/* The inodes of dirfd/ns/NAME (0 for one that cannot be read); returns how many were
 * read, *denied how many were refused (EACCES/EPERM). Records nothing. */
PSUTIL__HIDDEN int psutil__pf_namespaces(int dirfd, psutil_namespaces_t *out, int *denied);
/* Calls fn for each line of a /proc/PID/cgroup text ("ID:CONTROLLERS:PATH") with its
 * three parts (not NUL-terminated); stops when fn returns non-zero and returns that.
 * Malformed lines are skipped. */
typedef int (*psutil__cgroup_line_fn)(void *arg, const char *id, size_t idl, const char *ctl,
                                      size_t cl, const char *path, size_t pl);
PSUTIL__HIDDEN int psutil__pf_each_cgroup_line(const char *s, size_t len, psutil__cgroup_line_fn fn,
                                               void *arg);
/* The /proc/PID/cgroup text of a proven handle, or the caller's (p NULL: self/cgroup,
 * PSUTIL_ENOTSUP when the kernel has no cgroups) (cgroup.c). */
PSUTIL__HIDDEN int psutil__linux_read_cgroup(psutil_proc_t *p, psutil__buf *b);
/* ps's CGROUP column from a /proc/PID/cgroup text: the lines whose path is not "/",
 * joined by ",", into out (NUL-terminated, "" when none). 0 or PSUTIL_ENOMEM (not
 * recorded). */
PSUTIL__HIDDEN int psutil__pf_cgroup_text(const char *s, size_t len, psutil__buf *out);
/* The container id a path of that text names (psutil_proc_container_id's patterns), into
 * out (65 bytes): 1, or 0 with out "" when none does. */
PSUTIL__HIDDEN int psutil__pf_container_id(const char *s, size_t len, char *out);

#endif
