/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - helpers shared inside the library and never exported: the last-error
 * record, allocation wrappers that a test can make fail, the sampler check, and the
 * procfs/sysfs roots. Backends include this and os.h; the CLI includes neither.
 */
#ifndef PSUTIL_INTERNAL_H
#define PSUTIL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "psutil.h"

#define PSUTIL__HIDDEN __attribute__((visibility("hidden")))

/* --- errors (src/error.c) ------------------------------------------------------ */

/* Records code, errno, path and a printf-style detail in the thread's last-error
 * record and returns code, so a failure site reads `return psutil__error(...)`. */
PSUTIL__HIDDEN int psutil__error(int code, int os_errno, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Classifies an errno from reading a system-wide file: EACCES/EPERM is access denied,
 * ENOMEM no memory, anything else (ENOENT included: the kernel lacks the file) is an
 * OS error. Records it with path and returns the code. */
PSUTIL__HIDDEN int psutil__error_from_errno(int os_errno, const char *path);

/* --- allocation (src/util/alloc.c) --------------------------------------------- */

/* Every allocation goes through these so that tests can fail the Nth one. */
PSUTIL__HIDDEN void *psutil__malloc(size_t size);
PSUTIL__HIDDEN void *psutil__calloc(size_t n, size_t size);
PSUTIL__HIDDEN void *psutil__realloc(void *p, size_t size);
PSUTIL__HIDDEN void psutil__dealloc(void *p);

/* Test seam: the nth allocation from now (1 = the next) fails, then all succeed
 * again; 0 disables. Not thread-safe; for tests only. */
PSUTIL__HIDDEN void psutil__test_fail_alloc_after(long nth);

/* --- constants read once (src/util/sysconst.c) --------------------------------- */

/* sysconf(_SC_CLK_TCK) and sysconf(_SC_PAGESIZE), cached lazily and thread-safely;
 * fall back to 100 and 4096 if sysconf cannot say. */
PSUTIL__HIDDEN long psutil__clock_ticks(void);
PSUTIL__HIDDEN long psutil__page_size(void);

/* Sleeps for seconds (> 0), resuming after signals. */
PSUTIL__HIDDEN void psutil__sleep(double seconds);

/* --- sendfile test seams (src/sendfile.c) ------------------------------------- */

/* no_zero_copy: skip sendfile(2) and use the read+send path. fail_errno != 0: the
 * zero-copy path fails with that errno once fail_after bytes have gone out. For tests
 * only; not thread-safe. */
PSUTIL__HIDDEN void psutil__test_sendfile_seams(int no_zero_copy, uint64_t fail_after,
                                                int fail_errno);

/* --- roots (src/roots.c) ------------------------------------------------------- */

enum psutil__root_kind { PSUTIL__ROOT_PROC = 0, PSUTIL__ROOT_SYS = 1 };

#define PSUTIL__ROOT_MAX 1024

/* Copies the root in force for kind (setter, then HOST_PROC/HOST_SYS, then default)
 * into buf (PSUTIL__ROOT_MAX bytes). */
PSUTIL__HIDDEN void psutil__root_path(enum psutil__root_kind kind, char *buf);

/* Opens the root in force as an O_DIRECTORY|O_CLOEXEC fd. Returns the fd, or a
 * negative PSUTIL_E* code with the last-error record set. */
PSUTIL__HIDDEN int psutil__root_open(enum psutil__root_kind kind);

/* 1 when neither a setter nor an environment variable moved the root: the live
 * system is being read, so libc calls that read it themselves agree with it. */
PSUTIL__HIDDEN int psutil__root_is_default(enum psutil__root_kind kind);

#endif
