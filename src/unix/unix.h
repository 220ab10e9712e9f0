/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unix.h - the POSIX layer under the Unix backends (src/linux/, and src/unsupported/
 * when it is built on a Unix host): files read whole through directory fds, the roots
 * opened as directories, worker threads over slices of a range, poll timeouts, and
 * psutil_sendfile()'s transfer loop around the backend's zero-copy step. Nothing in
 * src/ or src/util/ includes it: that code stays portable (a CI step compiles it with
 * mingw-w64).
 */
#ifndef PSUTIL_UNIX_H
#define PSUTIL_UNIX_H

#include "../internal.h"
#include "../util/util.h"

/* --- files (src/unix/file.c) ------------------------------------------------------ */

#include <dirent.h>

/* The library's only ways to open and list, so that the errnos that ask for it are
 * retried in one place (tests/test_faults.c fails each call in turn):
 * psutil__openat is openat(2) with O_CLOEXEC added, retrying EINTR (a signal while a
 * FUSE or network file opens); the fd, or -1 with errno. */
PSUTIL__HIDDEN int psutil__openat(int dirfd, const char *path, int flags);
/* A stream over the directory dirfd/path (AT_FDCWD for an absolute path): NULL with
 * errno set when it cannot be opened. Close it with closedir(). */
PSUTIL__HIDDEN DIR *psutil__opendirat(int dirfd, const char *path);
/* The next entry of d; NULL at the end (*err 0) or on an error (*err the errno): a
 * listing that fails part way is an error, never a shorter list. */
PSUTIL__HIDDEN struct dirent *psutil__readdir(DIR *d, int *err);
/* What a failed opendir or readdir of what (a path or a description) means where an
 * absent directory is an empty one: 0 for ENOENT and ENOTDIR, else the errno's code
 * (psutil__error_from_errno), recorded. */
PSUTIL__HIDDEN int psutil__listing_error(int err, const char *what);

/* Reads the whole file dirfd/relpath into b (replacing its content). Returns 0,
 * PSUTIL_ENOMEM, or PSUTIL_EOS; *err (when err is not NULL) receives the errno (ENOMEM
 * for an allocation), so that the caller classifies it in context (a missing process
 * file and a missing system file mean different things) and records it. The last-error
 * record is not touched. */
PSUTIL__HIDDEN int psutil__read_at(int dirfd, const char *relpath, psutil__buf *b, int *err);

/* Like psutil__read_at, for procfs files the kernel produces whole on each read
 * (/proc/PID/stat, statm, status, io, cmdline, environ, fdinfo/N): a read that returns
 * less than it was offered is the end of the file, so one read() suffices where
 * psutil__read_at needs a second to see 0 (procps's file2str relies on the same).
 * Never for multi-record seq_files (smaps, /proc/net/...). */
PSUTIL__HIDDEN int psutil__read_record_at(int dirfd, const char *relpath, psutil__buf *b, int *err);

/* Like psutil__read_record_at, through an fd kept open: pread() from offset 0, so the
 * same fd gives the file's current content each time (the process monitor). An fd of
 * an ended process answers ESRCH (in *err). */
PSUTIL__HIDDEN int psutil__pread_record(int fd, psutil__buf *b, int *err);

/* Reads a system-wide file below a root into b; failures are classified with
 * psutil__error_from_errno() and recorded with the full path. Returns 0 or a code. */
PSUTIL__HIDDEN int psutil__read_root_file(enum psutil__root_kind kind, const char *relpath,
                                          psutil__buf *b);

/* --- roots (src/unix/roots.c) ------------------------------------------------------ */

/* Opens the root in force as an O_DIRECTORY|O_CLOEXEC fd. Returns the fd, or a
 * negative PSUTIL_E* code with the last-error record set. */
PSUTIL__HIDDEN int psutil__root_open(enum psutil__root_kind kind);
/* For a root that may be missing (no sysfs in an old container, no /run): after a
 * failed psutil__root_open, 0 when the root is not there (the caller has nothing to
 * read), else the code it returned (recorded). */
PSUTIL__HIDDEN int psutil__root_absent_or(int code);

/* --- threads (src/unix/slices.c) --------------------------------------------------- */

/* The slice count psutil__run_slices would use now for the same arguments (the cap can
 * change between the two calls: use it to size, never to index). */
PSUTIL__HIDDEN size_t psutil__slice_count(size_t n, size_t min_parallel, size_t max_slices);
/* Runs fn over contiguous slices [begin, end) of [0, n): one slice per online CPU (at
 * most max_slices, at most 64) when n >= min_parallel, else a single slice; slice 0 on
 * the calling thread, the others on threads. *nslices receives the slice count. Returns
 * 0, or the first failing slice's code with its detail recorded in this thread. */
PSUTIL__HIDDEN int psutil__run_slices(size_t n, size_t min_parallel, size_t max_slices,
                                      int (*fn)(void *arg, size_t slice, size_t begin, size_t end),
                                      void *arg, size_t *nslices);

/* --- time (src/unix/sysconst.c) ---------------------------------------------------- */

/* The poll(2) timeout for `left` seconds: -1 for +Inf, 0 when none is left, else the
 * milliseconds rounded up and clamped to INT_MAX (about 24.8 days; a caller whose
 * deadline is further polls again). Never converts a double outside int's range. */
PSUTIL__HIDDEN int psutil__poll_ms(double left);

/* --- sendfile (src/unix/sendfile.c) ------------------------------------------------ */

/* The backend's zero-copy step (Linux: sendfile(2)): one transfer of up to count bytes
 * of fd at *offset to sock; advances *offset by what was sent. Returns 0 with *sent the
 * bytes sent (0 at end of file), or PSUTIL_EOS with *err the errno (not recorded);
 * ENOSYS, EINVAL, ESPIPE, EOVERFLOW or EOPNOTSUPP before the first byte make the loop
 * fall back to read and send. */
PSUTIL__HIDDEN int psutil__unix_zero_copy(int sock, int fd, uint64_t *offset, size_t count,
                                          size_t *sent, int *err);

#endif
