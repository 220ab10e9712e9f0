/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fault.c - the wrappers behind fault.h. Each __wrap_X counts its class and either fails
 * with the armed errno or calls __real_X (the C library's).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <unistd.h>

#include "fault.h"

static long counts[FAULT_NCLASSES];
static int armed_cls = -1, armed_err, fired;
static long armed_nth;

const char *fault_class_name(int cls)
{
    static const char *const names[] = {"open",    "fdopendir", "read", "getdents", "readlink",
                                        "statvfs", "socket",    "recv", "ioctl"};
    return cls >= 0 && cls < FAULT_NCLASSES ? names[cls] : "?";
}

const int *fault_errnos(int cls)
{
    /* What each call can return (open(2), read(2), getdents(2), readlink(2), statvfs(2),
     * socket(2), recv(2), ioctl(2)): EINTR and EAGAIN ask for a retry. */
    static const int open_e[] = {EINTR, EACCES, ENOENT, EMFILE, ENFILE, ENOMEM, EIO, 0};
    static const int read_e[] = {EINTR, EAGAIN, EIO, ENOMEM, EACCES, ESRCH, 0};
    static const int dents_e[] = {ENOENT, EIO, ENOMEM, EACCES, 0};
    static const int link_e[] = {EACCES, ENOENT, EIO, ENOMEM, 0};
    static const int statvfs_e[] = {EINTR, EACCES, ENOENT, EIO, ENOMEM, ENOSYS, 0};
    static const int socket_e[] = {EMFILE, ENFILE, ENOMEM, EACCES, EAFNOSUPPORT, 0};
    static const int recv_e[] = {EINTR, EAGAIN, ENOMEM, ENOBUFS, 0};
    static const int ioctl_e[] = {EACCES, EIO, ENOMEM, EOPNOTSUPP, 0};
    static const int fdopendir_e[] = {ENOMEM, 0};
    static const int *const all[] = {open_e,    fdopendir_e, read_e, dents_e, link_e,
                                     statvfs_e, socket_e,    recv_e, ioctl_e};
    return all[cls];
}

void fault_arm(int cls, long nth, int err)
{
    for (int i = 0; i < FAULT_NCLASSES; i++)
        __atomic_store_n(&counts[i], 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&fired, 0, __ATOMIC_SEQ_CST);
    armed_nth = nth;
    armed_err = err;
    __atomic_store_n(&armed_cls, nth > 0 ? cls : -1, __ATOMIC_SEQ_CST);
}

void fault_disarm(void)
{
    __atomic_store_n(&armed_cls, -1, __ATOMIC_SEQ_CST);
}

long fault_count(int cls)
{
    return __atomic_load_n(&counts[cls], __ATOMIC_SEQ_CST);
}

int fault_fired(void)
{
    return __atomic_load_n(&fired, __ATOMIC_SEQ_CST);
}

/* Counts a call of cls; 1 (errno set) when this one must fail. */
static int hit(int cls)
{
    long n = __atomic_add_fetch(&counts[cls], 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&armed_cls, __ATOMIC_SEQ_CST) != cls || n != armed_nth)
        return 0;
    __atomic_store_n(&fired, 1, __ATOMIC_SEQ_CST);
    errno = armed_err;
    return 1;
}

/* With _FILE_OFFSET_BITS=64 the library calls the 64-bit names. */
int __real_open64(const char *path, int flags, ...);
int __real_openat64(int dirfd, const char *path, int flags, ...);
DIR *__real_opendir(const char *path);
DIR *__real_fdopendir(int fd);
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __real_pread64(int fd, void *buf, size_t n, off_t off);
ssize_t __real_getdents64(int fd, void *buf, size_t n);
struct dirent *__real_readdir64(DIR *d);
ssize_t __real_readlinkat(int dirfd, const char *path, char *buf, size_t n);
int __real_statvfs64(const char *path, struct statvfs *out);
int __real_socket(int domain, int type, int proto);
ssize_t __real_recv(int fd, void *buf, size_t n, int flags);
int __real_ioctl(int fd, unsigned long req, ...);

int __wrap_open64(const char *path, int flags, ...);
int __wrap_openat64(int dirfd, const char *path, int flags, ...);
DIR *__wrap_opendir(const char *path);
DIR *__wrap_fdopendir(int fd);
ssize_t __wrap_read(int fd, void *buf, size_t n);
ssize_t __wrap_pread64(int fd, void *buf, size_t n, off_t off);
ssize_t __wrap_getdents64(int fd, void *buf, size_t n);
struct dirent *__wrap_readdir64(DIR *d);
ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t n);
int __wrap_statvfs64(const char *path, struct statvfs *out);
int __wrap_socket(int domain, int type, int proto);
ssize_t __wrap_recv(int fd, void *buf, size_t n, int flags);
int __wrap_ioctl(int fd, unsigned long req, ...);

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int __wrap_open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return hit(FAULT_OPEN) ? -1 : __real_open64(path, flags, mode);
}

int __wrap_openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return hit(FAULT_OPEN) ? -1 : __real_openat64(dirfd, path, flags, mode);
}

DIR *__wrap_opendir(const char *path)
{
    return hit(FAULT_OPEN) ? NULL : __real_opendir(path);
}

DIR *__wrap_fdopendir(int fd)
{
    /* fdopendir(3) fails without taking the fd: the caller still owns it. */
    return hit(FAULT_FDOPENDIR) ? NULL : __real_fdopendir(fd);
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
    return hit(FAULT_READ) ? -1 : __real_read(fd, buf, n);
}

ssize_t __wrap_pread64(int fd, void *buf, size_t n, off_t off)
{
    return hit(FAULT_READ) ? -1 : __real_pread64(fd, buf, n, off);
}

ssize_t __wrap_getdents64(int fd, void *buf, size_t n)
{
    return hit(FAULT_DENTS) ? -1 : __real_getdents64(fd, buf, n);
}

struct dirent *__wrap_readdir64(DIR *d)
{
    return hit(FAULT_DENTS) ? NULL : __real_readdir64(d);
}

ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
    return hit(FAULT_READLINK) ? -1 : __real_readlinkat(dirfd, path, buf, n);
}

int __wrap_statvfs64(const char *path, struct statvfs *out)
{
    return hit(FAULT_STATVFS) ? -1 : __real_statvfs64(path, out);
}

int __wrap_socket(int domain, int type, int proto)
{
    return hit(FAULT_SOCKET) ? -1 : __real_socket(domain, type, proto);
}

ssize_t __wrap_recv(int fd, void *buf, size_t n, int flags)
{
    return hit(FAULT_RECV) ? -1 : __real_recv(fd, buf, n, flags);
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
    va_list ap;
    va_start(ap, req);
    void *arg = va_arg(ap, void *); /* every request the library makes takes a pointer */
    va_end(ap);
    return hit(FAULT_IOCTL) ? -1 : __real_ioctl(fd, req, arg);
}
