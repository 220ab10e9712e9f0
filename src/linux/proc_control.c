/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_control.c - what changes a process on Linux: nice (setpriority), I/O priority
 * (ioprio_get/ioprio_set, Documentation/block/ioprio.rst), resource limits (prlimit),
 * CPU affinity (sched_getaffinity/sched_setaffinity with masks sized at run time), and
 * signals and waits through pidfds (pidfd_open, pidfd_send_signal: Linux 5.3+;
 * waitid(P_PIDFD): 5.4+), falling back to kill/waitpid and polling on older kernels.
 * Every setter proves the handle's identity first.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"
#include "proc.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* Proves identity and releases the context: for calls that act by pid. */
static int prove(psutil_proc_t *p, psutil__pstat *st)
{
    struct psutil__pctx c;
    int rc = psutil__proc_begin(p, &c);
    if (rc == 0) {
        if (st)
            *st = c.st;
        psutil__proc_end(&c);
    }
    return rc;
}

/* With the procfs root moved (HOST_PROC, psutil_set_root), the handle's identity
 * was read from that tree, but syscalls act by pid in the caller's own pid namespace: a
 * fixture, a capture or a host's procfs seen from a container names other processes with
 * the same pids. So the target is proven as the kernel sees it: the pidfd's own pid in
 * /proc/self/fdinfo (when there is a pidfd) and the start time in the caller's
 * /proc/PID/stat must both match the handle. Anything else is refused with
 * PSUTIL_EACCES: this handle cannot act on that process from here. */
static int prove_live(psutil_proc_t *p, int pidfd)
{
    psutil__buf b = {0};
    char path[64], root[PSUTIL__ROOT_MAX];
    uint64_t fd_pid = 0;
    psutil__pstat st;
    int rc = 0, other = 0; /* other: the live pid names another process */
    if (pidfd >= 0) {
        snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
        int r = psutil__read_at(AT_FDCWD, path, &b, NULL);
        if (r == PSUTIL_ENOMEM)
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "pidfd fdinfo");
        /* "Pid:" arrived in Linux 5.4; where it is missing the start time decides. A pid
         * of 0 (another namespace) or -1 (exited) fails to parse or to match. */
        else if (r == 0 && psutil__kv(b.data, b.len, "Pid", &(size_t){0}) &&
                 (psutil__kv_u64(b.data, b.len, "Pid", &fd_pid, NULL) != 0 ||
                  fd_pid != (uint64_t)p->pid))
            other = 1;
    }
    if (rc == 0 && !other) {
        snprintf(path, sizeof(path), "/proc/%lld/stat", (long long)p->pid);
        int r = psutil__read_record_at(AT_FDCWD, path, &b, NULL);
        if (r == PSUTIL_ENOMEM)
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "live stat");
        else if (r != 0 || psutil__parse_pid_stat(b.data, b.len, &st) != 0 ||
                 st.starttime != p->start)
            other = 1;
    }
    psutil__buf_release(&b);
    if (rc == 0 && other) {
        psutil__root_path(PSUTIL__ROOT_PROC, root);
        rc = psutil__error(PSUTIL_EACCES, 0, root,
                           "pid %lld read under the procfs root is not the caller's process "
                           "%lld: refusing to act on it",
                           (long long)p->pid, (long long)p->pid);
    }
    return rc;
}

/* prove(), and with a moved procfs root prove_live(): for every call that acts by pid. */
static int prove_act(psutil_proc_t *p, int pidfd)
{
    int rc = prove(p, NULL);
    if (rc == 0 && !psutil__root_is_default(PSUTIL__ROOT_PROC))
        rc = prove_live(p, pidfd);
    return rc;
}

/* --- nice ---------------------------------------------------------------------------- */

int psutil__os_proc_set_nice(psutil_proc_t *p, int value)
{
    if (value < -20 || value > 19)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "nice %d outside -20..19", value);
    int rc = prove_act(p, -1);
    if (rc == 0 && setpriority(PRIO_PROCESS, (id_t)p->pid, value) != 0)
        rc = psutil__proc_errno(errno, "setpriority");
    return rc;
}

/* --- ionice ----------------------------------------------------------------------------- */

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_SHIFT 13

int psutil__os_proc_ionice(psutil_proc_t *p, psutil_ionice_t *out)
{
    int rc = prove_act(p, -1);
    if (rc != 0)
        return rc;
    long v = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, (int)p->pid);
    if (v < 0)
        return psutil__proc_errno(errno, "ioprio_get");
    out->ioclass = (int)(v >> IOPRIO_CLASS_SHIFT);
    out->value = (int)(v & ((1 << IOPRIO_CLASS_SHIFT) - 1));
    return 0;
}

int psutil__os_proc_set_ionice(psutil_proc_t *p, int ioclass, int value)
{
    int rc = prove_act(p, -1);
    if (rc != 0)
        return rc;
    long v = ((long)ioclass << IOPRIO_CLASS_SHIFT) | value;
    if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, (int)p->pid, v) != 0)
        return psutil__proc_errno(errno, "ioprio_set");
    return 0;
}

/* --- rlimit -------------------------------------------------------------------------- */

static const int rlimit_map[] = {
    [PSUTIL_RLIMIT_AS] = RLIMIT_AS,
    [PSUTIL_RLIMIT_CORE] = RLIMIT_CORE,
    [PSUTIL_RLIMIT_CPU] = RLIMIT_CPU,
    [PSUTIL_RLIMIT_DATA] = RLIMIT_DATA,
    [PSUTIL_RLIMIT_FSIZE] = RLIMIT_FSIZE,
    [PSUTIL_RLIMIT_LOCKS] = RLIMIT_LOCKS,
    [PSUTIL_RLIMIT_MEMLOCK] = RLIMIT_MEMLOCK,
    [PSUTIL_RLIMIT_MSGQUEUE] = RLIMIT_MSGQUEUE,
    [PSUTIL_RLIMIT_NICE] = RLIMIT_NICE,
    [PSUTIL_RLIMIT_NOFILE] = RLIMIT_NOFILE,
    [PSUTIL_RLIMIT_NPROC] = RLIMIT_NPROC,
    [PSUTIL_RLIMIT_RSS] = RLIMIT_RSS,
    [PSUTIL_RLIMIT_RTPRIO] = RLIMIT_RTPRIO,
    [PSUTIL_RLIMIT_RTTIME] = RLIMIT_RTTIME,
    [PSUTIL_RLIMIT_SIGPENDING] = RLIMIT_SIGPENDING,
    [PSUTIL_RLIMIT_STACK] = RLIMIT_STACK,
};

static uint64_t from_rlim(rlim_t v)
{
    return v == RLIM_INFINITY ? PSUTIL_RLIM_INFINITY : (uint64_t)v;
}

static rlim_t to_rlim(uint64_t v)
{
    return v == PSUTIL_RLIM_INFINITY ? RLIM_INFINITY : (rlim_t)v;
}

int psutil__os_proc_rlimit(psutil_proc_t *p, int resource, const psutil_rlimit_t *set,
                           psutil_rlimit_t *out)
{
    struct rlimit old, nw;
    int rc = prove_act(p, -1);
    if (rc != 0)
        return rc;
    if (set) {
        nw.rlim_cur = to_rlim(set->soft);
        nw.rlim_max = to_rlim(set->hard);
    }
    if (prlimit((pid_t)p->pid, (__rlimit_resource_t)rlimit_map[resource], set ? &nw : NULL, &old) !=
        0)
        return psutil__proc_errno(errno, "prlimit");
    if (out) {
        out->soft = from_rlim(old.rlim_cur);
        out->hard = from_rlim(old.rlim_max);
    }
    return 0;
}

/* --- affinity ---------------------------------------------------------------------------- */

int psutil__os_proc_cpu_affinity(psutil_proc_t *p, int **out, size_t *out_n)
{
    int rc = prove_act(p, -1);
    if (rc != 0)
        return rc;
    /* The kernel refuses masks smaller than its own (EINVAL): grow until it fits. */
    for (int ncpu = 1024; ncpu <= 1 << 22; ncpu *= 2) {
        cpu_set_t *set = CPU_ALLOC(ncpu);
        size_t size = CPU_ALLOC_SIZE(ncpu);
        if (!set)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "CPU mask");
        CPU_ZERO_S(size, set);
        if (sched_getaffinity((pid_t)p->pid, size, set) != 0) {
            int err = errno;
            CPU_FREE(set);
            if (err == EINVAL)
                continue;
            return psutil__proc_errno(err, "sched_getaffinity");
        }
        size_t n = (size_t)CPU_COUNT_S(size, set), k = 0;
        int *v = psutil__malloc((n ? n : 1) * sizeof(*v));
        if (!v) {
            CPU_FREE(set);
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "CPU list");
        }
        for (int cpu = 0; cpu < ncpu && k < n; cpu++)
            if (CPU_ISSET_S((size_t)cpu, size, set))
                v[k++] = cpu;
        CPU_FREE(set);
        *out = v;
        *out_n = k;
        return 0;
    }
    return psutil__error(PSUTIL_EOS, EINVAL, NULL, "CPU mask larger than 4M CPUs");
}

int psutil__os_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n)
{
    int highest = 0, present = 0, rc;
    for (size_t i = 0; i < n; i++)
        if (cpus[i] > highest)
            highest = cpus[i];
    /* Only CPUs this machine has: sysfs "present" (every kernel since 2.6.18). */
    psutil__buf b = {0};
    int count, top = -1;
    if (psutil__read_root_file(PSUTIL__ROOT_SYS, "devices/system/cpu/present", &b) == 0 &&
        psutil__parse_cpulist(b.data, b.len, &count, &top) == 0)
        present = top + 1;
    psutil__buf_release(&b);
    if (present == 0) {
        long c = sysconf(_SC_NPROCESSORS_CONF);
        present = c > 0 ? (int)c : 1;
    }
    if (highest >= present)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "CPU %d is not present", highest);
    if ((rc = prove_act(p, -1)) != 0)
        return rc;
    cpu_set_t *set = CPU_ALLOC(highest + 1);
    size_t size = CPU_ALLOC_SIZE(highest + 1);
    if (!set)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "CPU mask");
    CPU_ZERO_S(size, set);
    for (size_t i = 0; i < n; i++)
        CPU_SET_S((size_t)cpus[i], size, set);
    if (sched_setaffinity((pid_t)p->pid, size, set) != 0)
        rc = psutil__proc_errno(errno, "sched_setaffinity");
    CPU_FREE(set);
    return rc;
}

/* --- signals ----------------------------------------------------------------------------- */

/* A pidfd for the handle's process, opened before the identity check so that the check
 * covers the pidfd: -1 with *nosys set when the kernel has no pidfds. */
static int seam_no_pidfd;

void psutil__test_no_pidfd(int on)
{
    seam_no_pidfd = on;
}

static int identity_pidfd(psutil_proc_t *p, int *pidfd, int *nosys)
{
    *pidfd = -1;
    *nosys = 0;
    long fd = seam_no_pidfd ? (errno = ENOSYS, -1) : syscall(SYS_pidfd_open, (pid_t)p->pid, 0);
    if (fd < 0) {
        if (errno == ENOSYS)
            *nosys = 1;
        else if (errno == ESRCH)
            return psutil__error(PSUTIL_ENOSUCHPROC, ESRCH, NULL, "process gone");
        else if (errno != EINVAL) /* EINVAL: pid is a thread id on old kernels */
            return psutil__proc_errno(errno, "pidfd_open");
    }
    int rc = prove_act(p, (int)fd);
    if (rc != 0) {
        if (fd >= 0)
            close((int)fd);
        return rc;
    }
    *pidfd = (int)fd;
    return 0;
}

int psutil__os_proc_send_signal(psutil_proc_t *p, int sig)
{
    int pidfd, nosys;
    int rc = identity_pidfd(p, &pidfd, &nosys);
    if (rc != 0)
        return rc;
    long r;
    if (pidfd >= 0) {
        /* The pidfd names the process proven above; if it exited since, ESRCH. */
        r = syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
        close(pidfd);
    } else {
        r = kill((pid_t)p->pid, sig);
    }
    return r == 0 ? 0 : psutil__proc_errno(errno, "signal");
}

/* --- wait ---------------------------------------------------------------------------- */

/* Reaps our child without blocking: 1 when it ended (status filled), 0 when it runs or
 * is not our child (*not_child set). */
static int reap(psutil_proc_t *p, int pidfd, psutil_exit_t *st, int *not_child)
{
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    *not_child = 0;
    int r = -1;
    if (pidfd >= 0)
        r = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOHANG);
    /* No pidfd, or a 5.3 kernel without P_PIDFD (EINVAL): by pid, proven just before. */
    if (pidfd < 0 || (r != 0 && errno == EINVAL))
        r = waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOHANG);
    if (r != 0) {
        *not_child = errno == ECHILD || errno == EINVAL;
        return 0;
    }
    if (si.si_pid == 0)
        return 0;
    st->known = 1;
    st->exit_code = si.si_code == CLD_EXITED ? si.si_status : -si.si_status;
    return 1;
}

/* --- the backend's part of the wait loop (src/wait.c) --------------------------------- */

int psutil__os_wait_begin(psutil_proc_t *p, psutil__waiter *w)
{
    int nosys;
    return identity_pidfd(p, &w->handle, &nosys);
}

int psutil__os_wait_check(psutil_proc_t *p, psutil__waiter *w, psutil_exit_t *st)
{
    int not_child = 0;
    st->known = 0;
    st->exit_code = 0;
    if (!w->not_child && reap(p, w->handle, st, &not_child))
        return 1;
    w->not_child |= not_child;
    if (w->not_child) {
        /* Not ours: ended once the pidfd polls readable, or (no pidfd) once the
         * identity check fails or the process is a zombie (it can do nothing more). */
        if (w->handle >= 0) {
            struct pollfd pf = {w->handle, POLLIN, 0};
            return poll(&pf, 1, 0) > 0;
        }
        psutil__pstat s;
        int rc = prove(p, &s);
        return rc != 0 || s.state == 'Z';
    }
    return 0;
}

int psutil__os_wait_any(const psutil__waiter *w, const int *done, size_t n, double seconds)
{
    /* pidfds poll readable when their process ends (children too). */
    struct pollfd pf[64];
    nfds_t np = 0;
    for (size_t i = 0; i < n && np < 64; i++)
        if (!done[i] && w[i].handle >= 0)
            pf[np++] = (struct pollfd){w[i].handle, POLLIN, 0};
    if (np == 0) {
        if (seconds > 0)
            psutil__sleep(seconds);
        return 0;
    }
    if (poll(pf, np, seconds < 0 ? -1 : psutil__poll_ms(seconds)) < 0 && errno != EINTR)
        return psutil__error(PSUTIL_EOS, errno, NULL, "poll: %s", strerror(errno));
    return 0;
}

void psutil__os_wait_end(psutil__waiter *w)
{
    if (w->handle >= 0)
        close(w->handle);
    w->handle = -1;
}
