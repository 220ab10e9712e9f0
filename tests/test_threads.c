/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_threads.c - the library's own threads and stack, as the header states them:
 * psutil_set_max_threads(1) starts no thread (proved under a seccomp filter that kills
 * the process on clone, with enough processes that the walks would split), the default
 * does start them (the same filter kills it: the control), a refused clone falls back to
 * the calling thread with the same rows, and every public function runs on a thread
 * whose whole stack is 64 KiB.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

#if defined(__x86_64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

/* From here on, clone and clone3 (what pthread_create uses) get `action`. */
static int refuse_clone(unsigned action)
{
#ifdef THIS_AUDIT_ARCH
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, THIS_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, action),
    };
    struct sock_fprog prog = {.len = (unsigned short)(sizeof(f) / sizeof(f[0])), .filter = f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    return (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
#else
    (void)action;
    errno = ENOSYS;
    return -1;
#endif
}

#define KIDS 1100 /* above both thresholds: 1,024 rows for the table, 256 for owners */

/* In a child: the filter, the setting, both walks; the exit code says what happened
 * (0: both worked and every one of kids[] is a row; the process dies of SIGSYS if the
 * library started a thread under a killing filter). _exit, so that no exit handler
 * (LeakSanitizer's starts a thread) runs under the filter. */
static int walk_under_filter(unsigned action, unsigned max, const int *kids, int *rows)
{
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    fflush(NULL);
    pid_t w = fork();
    CHECK(w >= 0);
    if (w == 0) {
        close(pipefd[0]);
        psutil_set_max_threads(max);
        if (refuse_clone(action) != 0)
            _exit(10);
        psutil_proc_row_t *t;
        psutil_connection_t *c;
        size_t n, nc;
        if (psutil_proc_table(PSUTIL_PF_ALL, &t, &n) != 0)
            _exit(11);
        if (psutil_net_connections(PSUTIL_CONN_KIND_ALL, &c, &nc) != 0)
            _exit(12);
        int found = 0;
        for (int k = 0; k < KIDS; k++)
            for (size_t i = 0; i < n; i++)
                if (t[i].pid == kids[k]) {
                    found++;
                    break;
                }
        int nrows = (int)n;
        if (write(pipefd[1], &nrows, sizeof(nrows)) != sizeof(nrows))
            _exit(13);
        _exit(found == KIDS ? 0 : 14);
    }
    close(pipefd[1]);
    *rows = -1;
    if (read(pipefd[0], rows, sizeof(*rows)) != sizeof(*rows))
        *rows = -1;
    close(pipefd[0]);
    int st;
    CHECK(waitpid(w, &st, 0) == w);
    return st;
}

TEST(max_threads_one_starts_no_thread_and_a_refused_clone_runs_inline)
{
#ifndef THIS_AUDIT_ARCH
    NEED(0, "the seccomp filter names only x86_64 and aarch64");
#endif
    static int kids[KIDS];
    for (int k = 0; k < KIDS; k++) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            for (;;)
                pause();
        }
        kids[k] = (int)pid;
    }
    int rows, st;
    /* 1: no thread at all, or the filter kills the walk. */
    st = walk_under_filter(SECCOMP_RET_KILL_PROCESS, 1, kids, &rows);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "max 1 under a killing filter: status 0x%x",
              st);
    CHECK(rows > KIDS);
    /* The control: by default the walks do split (two CPUs or more), and the filter
     * catches it, so the check above could fail. */
    if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
        st = walk_under_filter(SECCOMP_RET_KILL_PROCESS, 0, kids, &rows);
        CHECK_MSG(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
                  "the default started no thread here (status 0x%x): the test proves nothing", st);
    }
    /* Threads refused (EPERM): the workers' shares run on the calling thread, every
     * process is still a row. */
    st = walk_under_filter(SECCOMP_RET_ERRNO | EPERM, 0, kids, &rows);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clone refused: status 0x%x", st);
    CHECK(rows > KIDS);
    for (int k = 0; k < KIDS; k++)
        kill(kids[k], SIGKILL);
    for (int k = 0; k < KIDS; k++)
        waitpid(kids[k], NULL, 0);
    psutil_set_max_threads(0);
    CHECK(psutil_max_threads() == 0);
    psutil_set_max_threads(3);
    CHECK(psutil_max_threads() == 3);
    psutil_set_max_threads(0);
}

/* --- stack ------------------------------------------------------------------------------- */

static int call_everything(void)
{
    int bad = 0, n_int;
    size_t n;
    double d;
    void *v;
    psutil_cpu_times_t ct;
    psutil_cpu_stats_t cs;
    psutil_cpu_freq_t cf;
    psutil_loadavg_t la;
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_disk_usage_t du;
    psutil_disk_io_t dio;
    psutil_net_io_t nio;
    psutil_battery_t bat;
    /* Each call either works or fails with a code: what matters here is the stack. */
#define CALL(expr)                                                                                 \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ != 0 && rc_ != PSUTIL_ENOTSUP && rc_ != PSUTIL_EACCES)                             \
            bad++;                                                                                 \
    } while (0)
#define CALL_LIST(fn, ...)                                                                         \
    do {                                                                                           \
        v = NULL;                                                                                  \
        CALL(fn(__VA_ARGS__, (void *)&v, &n));                                                     \
        psutil_free(v);                                                                            \
    } while (0)
    CALL(psutil_cpu_count(1, &n_int));
    CALL(psutil_cpu_times(&ct));
    CALL(psutil_cpu_stats(&cs));
    CALL(psutil_cpu_freq(&cf));
    CALL(psutil_getloadavg(&la));
    CALL(psutil_boot_time(&d));
    CALL(psutil_virtual_memory(&vm));
    CALL(psutil_swap_memory(&sw));
    CALL(psutil_disk_usage("/", &du));
    CALL(psutil_disk_io_counters(NULL, &dio));
    CALL(psutil_net_io_counters(NULL, &nio));
    CALL(psutil_sensors_battery(&bat));
    v = NULL;
    CALL(psutil_cpu_times_percpu((psutil_cpu_times_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_cpu_freq_percpu((psutil_cpu_freq_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_meminfo((psutil_meminfo_field_t **)&v, &n));
    psutil_free(v);
    CALL_LIST(psutil_disk_partitions, 1);
    v = NULL;
    CALL(psutil_disk_io_counters_perdisk(NULL, (psutil_disk_io_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_net_io_counters_pernic(NULL, (psutil_net_io_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_net_if_addrs((psutil_net_addr_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_net_if_stats((psutil_net_stats_t **)&v, &n));
    psutil_free(v);
    CALL_LIST(psutil_net_connections, PSUTIL_CONN_KIND_ALL);
    v = NULL;
    CALL(psutil_sensors_temperatures((psutil_temperature_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_sensors_fans((psutil_fan_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_users((psutil_user_t **)&v, &n));
    psutil_free(v);
    v = NULL;
    CALL(psutil_pids((psutil_pid_t **)&v, &n));
    psutil_free(v);
    CALL_LIST(psutil_proc_table, PSUTIL_PF_ALL);
    psutil_proc_t *p;
    CALL(psutil_proc_open(getpid(), &p));
    for (size_t g = 0; g < n_getters; g++) {
        int rc = all_getters[g].call(p);
        if (rc != 0 && rc != PSUTIL_EACCES && rc != PSUTIL_ENOTSUP)
            bad++;
    }
    psutil_proc_close(p);
#undef CALL
#undef CALL_LIST
    return bad;
}

static void *on_small_stack(void *arg)
{
    *(int *)arg = call_everything();
    return NULL;
}

/* The header promises 64 KiB. The sanitizer builds put redzones around every local
 * array, so they get four times as much: the plain build holds the promise. */
TEST(every_public_function_runs_on_a_64_kib_stack)
{
    size_t size = HARNESS_ASAN ? 256 * 1024 : 64 * 1024;
    pthread_attr_t attr;
    pthread_t t;
    int bad = -1;
    CHECK(pthread_attr_init(&attr) == 0);
    CHECK(pthread_attr_setstacksize(&attr, size) == 0);
    CHECK(pthread_create(&t, &attr, on_small_stack, &bad) == 0);
    CHECK(pthread_join(t, NULL) == 0); /* an overflow kills the test with SIGSEGV instead */
    pthread_attr_destroy(&attr);
    CHECK_MSG(bad == 0, "%d calls failed on the small stack", bad);
}
