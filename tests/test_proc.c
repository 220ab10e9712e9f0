/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc.c - process handles as psutil promises them, without its races: every
 * getter on every pid, zombies, a pid reused for real in a new pid namespace, access
 * denied as an unprivileged user, a process that exits after its handle was opened,
 * setters round-tripping on a child, bad input, signals, waits and the tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "proc_util.h"

static psutil_proc_t *open_ok(int pid)
{
    psutil_proc_t *p = NULL;
    CHECK_OK(psutil_proc_open(pid, &p));
    return p;
}

static void reap(int pid)
{
    int st;
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
}

TEST(every_getter_on_every_pid)
{
    /* Processes of its own, so that the walk is never empty, whatever pid namespace the
     * suite runs in: this one, a sleeper and a zombie, each opened and read. */
    int kids[2] = {child_sleeping(), child_zombie(3)}, found = 0;
    psutil_pid_t *pids;
    size_t n, opened = 0;
    CHECK_OK(psutil_pids(&pids, &n));
    for (size_t i = 0; i < n; i++) {
        psutil_proc_t *p;
        int rc = psutil_proc_open(pids[i], &p);
        if (rc == PSUTIL_ENOSUCHPROC)
            continue; /* ended since the listing */
        CHECK_MSG(rc == 0, "open %lld: %s", (long long)pids[i], psutil_err_name(rc));
        opened++;
        found += pids[i] == getpid() || pids[i] == kids[0] || pids[i] == kids[1];
        for (size_t g = 0; g < n_getters; g++) {
            rc = all_getters[g].call(p);
            /* The errors psutil has: gone, zombie, denied. Nothing else, ever. */
            CHECK_MSG(
                rc == 0 || rc == PSUTIL_ENOSUCHPROC || rc == PSUTIL_EZOMBIE || rc == PSUTIL_EACCES,
                "pid %lld %s: %s", (long long)pids[i], all_getters[g].name, psutil_err_name(rc));
        }
        psutil_proc_close(p);
    }
    CHECK(found == 3 && opened >= 3);
    psutil_free(pids);
    reap(kids[0]);
    reap(kids[1]);
}

TEST(pids_match_ps_and_exclude_threads)
{
    psutil_pid_t *pids;
    size_t n;
    char *out;
    CHECK_OK(psutil_pids(&pids, &n));
    for (size_t i = 1; i < n; i++)
        CHECK(pids[i] > pids[i - 1]);
    /* Every process ps lists and that still exists afterwards is in one of our two
     * listings, taken before and after ps (one born in between is in the second). */
    psutil_pid_t *after;
    size_t na;
    CHECK(run("ps -e -o pid=", &out) == 0);
    CHECK_OK(psutil_pids(&after, &na));
    for (char *t = strtok(out, " \n"); t; t = strtok(NULL, " \n")) {
        long pid = atol(t);
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = pids[i] == pid;
        for (size_t i = 0; i < na && !found; i++)
            found = after[i] == pid;
        int exists = 0;
        CHECK_OK(psutil_pid_exists(pid, &exists));
        CHECK_MSG(found || !exists, "ps lists %ld, psutil_pids does not", pid);
    }
    free(out);
    psutil_free(pids);
    psutil_free(after);
    int e;
    CHECK_OK(psutil_pid_exists(getpid(), &e));
    CHECK(e == 1);
    CHECK_OK(psutil_pid_exists(0, &e));
    CHECK(e == 0);
    CHECK_OK(psutil_pid_exists(-5, &e));
    CHECK(e == 0);
    CHECK_RC(psutil_pid_exists(1, NULL), PSUTIL_EINVAL);
}

static volatile int thread_tid;
static void *thread_main(void *arg)
{
    (void)arg;
    thread_tid = (int)syscall(SYS_gettid);
    for (;;)
        pause();
    return NULL;
}

TEST(thread_ids_are_not_pids)
{
    pthread_t t;
    int e = 7;
    psutil_proc_t *p = NULL;
    CHECK(pthread_create(&t, NULL, thread_main, NULL) == 0);
    while (!thread_tid)
        usleep(1000);
    CHECK_OK(psutil_pid_exists(thread_tid, &e));
    CHECK(e == 0);
    CHECK_RC(psutil_proc_open(thread_tid, &p), PSUTIL_ENOSUCHPROC);
    CHECK(p == NULL);
    psutil_thread_t *th;
    size_t n;
    p = open_ok(getpid());
    CHECK_OK(psutil_proc_threads(p, &th, &n));
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found |= th[i].id == thread_tid;
    CHECK(found && n >= 2);
    psutil_free(th);
    psutil_proc_close(p);
}

TEST(open_rejects_bad_pids)
{
    psutil_proc_t *p = NULL;
    CHECK_RC(psutil_proc_open(0, &p), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_open(-1, &p), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_open((psutil_pid_t)1 << 40, &p), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_open(1, NULL), PSUTIL_EINVAL);
    CHECK(p == NULL);
    /* A free pid: below pid_max but unused. */
    for (psutil_pid_t pid = 30000; pid > 1000; pid--) {
        int e;
        CHECK_OK(psutil_pid_exists(pid, &e));
        if (!e) {
            CHECK_RC(psutil_proc_open(pid, &p), PSUTIL_ENOSUCHPROC);
            break;
        }
    }
    CHECK(psutil_proc_pid(NULL) == -1);
    psutil_proc_close(NULL);
}

TEST(zombies_are_listed_and_answer_like_psutil)
{
    int pid = child_zombie(3);
    psutil_proc_t *p = open_ok(pid);
    int st, running;
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_ZOMBIE);
    CHECK(strcmp(psutil_proc_status_name(st), "zombie") == 0);
    CHECK_OK(psutil_proc_is_running(p, &running));
    CHECK(running == 1);
    /* Listed. */
    psutil_pid_t *pids;
    size_t n;
    int listed = 0;
    CHECK_OK(psutil_pids(&pids, &n));
    for (size_t i = 0; i < n; i++)
        listed |= pids[i] == pid;
    psutil_free(pids);
    CHECK(listed);
    /* psutil 5.9.4: cmdline [], exe "" and memory_maps [] for a zombie; cwd raises
     * ZombieProcess. */
    char **argv, *s;
    CHECK_OK(psutil_proc_cmdline(p, &argv, &n));
    CHECK(n == 0);
    psutil_free(argv);
    CHECK_OK(psutil_proc_exe(p, &s));
    CHECK(s[0] == '\0');
    psutil_free(s);
    psutil_memory_map_t *mm;
    CHECK_OK(psutil_proc_memory_maps(p, 0, &mm, &n));
    CHECK(n == 0);
    psutil_free(mm);
    CHECK_RC(psutil_proc_cwd(p, &s), PSUTIL_EZOMBIE);
    CHECK(psutil_is_gone(PSUTIL_EZOMBIE));
    CHECK_OK(psutil_proc_name(p, &s));
    psutil_free(s);
    oracle *o;
    char code[1024];
    snprintf(code, sizeof(code),
             "p = psutil.Process(%d)\n"
             "print('status', 1 if p.status() == 'zombie' else 0)\n"
             "print('cmdline', len(p.cmdline()))\n"
             "print('exe', len(p.exe()))\n"
             "print('maps', len(p.memory_maps()))\n"
             "try:\n    p.cwd(); print('cwd', 0)\n"
             "except psutil.ZombieProcess: print('cwd', 1)",
             pid);
    o = oracle_start(code);
    CHECK(oracle_get(o, "status") == 1 && oracle_get(o, "cmdline") == 0);
    CHECK(oracle_get(o, "exe") == 0 && oracle_get(o, "maps") == 0 && oracle_get(o, "cwd") == 1);
    oracle_finish(o);
    /* Signals to a zombie are harmless; waiting reaps it with its status. */
    CHECK_OK(psutil_proc_terminate(p));
    CHECK_OK(psutil_proc_send_signal(p, 0));
    psutil_exit_t ex;
    CHECK_OK(psutil_proc_wait(p, 5.0, &ex));
    CHECK(ex.known == 1 && ex.exit_code == 3);
    CHECK_OK(psutil_proc_is_running(p, &running));
    CHECK(running == 0);
    CHECK_RC(psutil_proc_status(p, &st), PSUTIL_ENOSUCHPROC);
    psutil_proc_close(p);
}

TEST(a_process_that_exits_after_open_is_gone_for_every_call)
{
    int pid = child_sleeping();
    psutil_proc_t *p = open_ok(pid);
    reap(pid);
    for (size_t g = 0; g < n_getters; g++) {
        int rc = all_getters[g].call(p);
        CHECK_MSG(rc == PSUTIL_ENOSUCHPROC, "%s: %s", all_getters[g].name, psutil_err_name(rc));
    }
    CHECK_RC(psutil_proc_send_signal(p, SIGTERM), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_set_nice(p, 5), PSUTIL_ENOSUCHPROC);
    int running = 1;
    CHECK_OK(psutil_proc_is_running(p, &running));
    CHECK(running == 0);
    psutil_proc_close(p);
}

/* Inside a new pid namespace (this process is its init): old handle on pid 2, a new
 * process on pid 2, then every call through the old handle. Exit code = failures. */
static int reuse_in_namespace(void)
{
    int failures = 0;
    /* A mount namespace of its own, so the /proc below is not the test process's. */
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return 100;
    pid_t a = fork();
    if (a == 0) {
        for (;;)
            pause();
    }
    psutil_proc_t *old;
    if (a != 2 || psutil_proc_open(a, &old) != 0)
        return 101;
    kill(a, SIGKILL);
    waitpid(a, NULL, 0);
    /* Start times are clock ticks: let one pass so the new process differs. */
    usleep(50000);
    int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
    if (fd < 0 || write(fd, "1", 1) != 1)
        return 102;
    close(fd);
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return 103;
    pid_t b = fork();
    if (b == 0) {
        /* The newcomer: blocks SIGTERM, and when asked (SIGUSR1) reports whether one is
         * pending. A signal is pending from the moment it is sent, so the answer is
         * exact, with no time given for it to arrive. */
        close(pipefd[0]);
        sigset_t set, ask, pending;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        if (write(pipefd[1], "R", 1) != 1) /* ready: both blocked */
            _exit(1);
        sigemptyset(&ask);
        sigaddset(&ask, SIGUSR1);
        int sig;
        sigwait(&ask, &sig);
        sigpending(&pending);
        if (write(pipefd[1], sigismember(&pending, SIGTERM) ? "T" : "N", 1) != 1)
            _exit(1);
        _exit(0);
    }
    close(pipefd[1]);
    char ready;
    if (b != 2 || read(pipefd[0], &ready, 1) != 1)
        return 104;
    for (size_t g = 0; g < n_getters; g++) {
        int rc = all_getters[g].call(old);
        if (rc != PSUTIL_ENOSUCHPROC) {
            fprintf(stderr, "    old handle %s: %s\n", all_getters[g].name, psutil_err_name(rc));
            failures++;
        }
    }
    if (psutil_proc_terminate(old) != PSUTIL_ENOSUCHPROC)
        failures++;
    int running = 1;
    if (psutil_proc_is_running(old, &running) != 0 || running != 0)
        failures++;
    psutil_proc_t *fresh;
    if (psutil_proc_open(2, &fresh) != 0 || psutil_proc_equal(old, fresh) ||
        psutil_proc_hash(old) == psutil_proc_hash(fresh))
        failures++;
    /* Did the newcomer get a SIGTERM? Ask it. */
    char c = '?';
    if (kill(b, SIGUSR1) != 0 || read(pipefd[0], &c, 1) != 1 || c != 'N') {
        fprintf(stderr, "    the signal reached the process that reused the pid (%c)\n", c);
        failures++;
    }
    psutil_proc_kill(fresh);
    waitpid(b, NULL, 0);
    psutil_proc_close(fresh);
    psutil_proc_close(old);
    return failures;
}

TEST(pid_reuse_in_a_pid_namespace)
{
    if (geteuid() != 0)
        harness_skip("needs root for a new pid namespace");
    /* A helper unshares, not this process: after unshare(CLONE_NEWPID) the kernel
     * lets no new thread start, and LeakSanitizer needs one at exit. The helper leaves
     * with _exit, and its child is the namespace's init. */
    fflush(NULL);
    pid_t helper = fork();
    if (helper == 0) {
        if (unshare(CLONE_NEWPID) != 0)
            _exit(77);
        pid_t init = fork();
        if (init == 0)
            _exit(reuse_in_namespace());
        int ist;
        waitpid(init, &ist, 0);
        _exit(WIFEXITED(ist) ? WEXITSTATUS(ist) : 99);
    }
    int st;
    waitpid(helper, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
        harness_skip("unshare(CLONE_NEWPID) is not allowed here");
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "namespace check status %d",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

TEST(access_denied_for_another_users_process)
{
    if (geteuid() != 0)
        harness_skip("needs root to become another user");
    int target = child_sleeping(); /* root's */
    /* Two more of root's, started by absolute and by bare name: exe is psutil's guess
     * from the first, access denied for the second. */
    fflush(NULL);
    pid_t abs = fork(), bare = abs > 0 ? fork() : -1;
    if (abs == 0)
        execl("/bin/sleep", "/bin/sleep", "60", (char *)NULL);
    if (bare == 0)
        execl("/bin/sleep", "sleep", "60", (char *)NULL);
    CHECK(abs > 0 && bare > 0);
    wait_argv0((int)abs, "/bin/sleep");
    wait_argv0((int)bare, "sleep");
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(100);
        psutil_proc_t *pa, *pb;
        char *ea = NULL, *eb = NULL;
        if (psutil_proc_open(abs, &pa) != 0 || psutil_proc_open(bare, &pb) != 0)
            _exit(102);
        if (psutil_proc_exe(pa, &ea) != 0 || strcmp(ea, "/bin/sleep") != 0 ||
            psutil_proc_exe(pb, &eb) != PSUTIL_EACCES)
            _exit(103);
        psutil_proc_t *p;
        if (psutil_proc_open(target, &p) != 0)
            _exit(101);
        int bad = 0;
        psutil_env_var_t *env;
        psutil_proc_io_t io;
        psutil_open_file_t *files;
        int64_t nfds;
        size_t n;
        char *s, **argv;
        bad += psutil_proc_environ(p, &env, &n) != PSUTIL_EACCES;
        /* The record names the file that refused, as the header promises. */
        psutil_error_info_t e;
        char want[64];
        snprintf(want, sizeof(want), "/proc/%d/environ", target);
        bad += psutil_last_error(&e) != 0 || e.code != PSUTIL_EACCES || e.os_errno != EACCES ||
               strcmp(e.path, want) != 0;
        bad += psutil_proc_io_counters(p, &io) != PSUTIL_EACCES;
        snprintf(want, sizeof(want), "/proc/%d/io", target);
        bad += psutil_last_error(&e) != 0 || strcmp(e.path, want) != 0;
        bad += psutil_proc_num_fds(p, &nfds) != PSUTIL_EACCES;
        bad += psutil_proc_open_files(p, &files, &n) != PSUTIL_EACCES;
        /* exe is closed to us: psutil's guess, argv[0] when it is an absolute path (the
         * runner's own, when it was started by one), else access denied. */
        char *argv0 = slurp("/proc/self/cmdline", NULL);
        if (argv0 && argv0[0] == '/') {
            bad += psutil_proc_exe(p, &s) != 0 || strcmp(s, argv0) != 0;
        } else {
            bad += psutil_proc_exe(p, &s) != PSUTIL_EACCES;
        }
        free(argv0);
        bad += psutil_proc_terminate(p) != PSUTIL_EACCES;
        bad += psutil_proc_set_nice(p, 10) != PSUTIL_EACCES;
        /* What anyone may read stays readable. */
        bad += psutil_proc_cmdline(p, &argv, &n) != 0;
        bad += psutil_proc_name(p, &s) != 0;
        _exit(bad);
    }
    int st;
    waitpid(pid, &st, 0);
    reap(target);
    kill(abs, SIGKILL);
    kill(bare, SIGKILL);
    waitpid(abs, NULL, 0);
    waitpid(bare, NULL, 0);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child: %d failures",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

TEST(setters_round_trip_on_a_child)
{
    int pid = child_sleeping();
    psutil_proc_t *p = open_ok(pid);
    int nice;
    CHECK_OK(psutil_proc_set_nice(p, 7));
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == 7);
    psutil_ionice_t io;
    CHECK_OK(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_BE, 6));
    CHECK_OK(psutil_proc_ionice(p, &io));
    CHECK(io.ioclass == PSUTIL_IOPRIO_CLASS_BE && io.value == 6);
    CHECK_OK(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_IDLE, 0));
    CHECK_OK(psutil_proc_ionice(p, &io));
    CHECK(io.ioclass == PSUTIL_IOPRIO_CLASS_IDLE);
    psutil_rlimit_t l = {512, 1024}, got;
    CHECK_OK(psutil_proc_set_rlimit(p, PSUTIL_RLIMIT_NOFILE, l));
    CHECK_OK(psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, &got));
    CHECK(got.soft == 512 && got.hard == 1024);
    psutil_rlimit_t inf = {PSUTIL_RLIM_INFINITY, PSUTIL_RLIM_INFINITY};
    CHECK_OK(psutil_proc_set_rlimit(p, PSUTIL_RLIMIT_CORE, inf));
    CHECK_OK(psutil_proc_rlimit(p, PSUTIL_RLIMIT_CORE, &got));
    CHECK(got.soft == PSUTIL_RLIM_INFINITY && got.hard == PSUTIL_RLIM_INFINITY);
    int one = 0, *cpus;
    size_t n;
    CHECK_OK(psutil_proc_set_cpu_affinity(p, &one, 1));
    CHECK_OK(psutil_proc_cpu_affinity(p, &cpus, &n));
    CHECK(n == 1 && cpus[0] == 0);
    psutil_free(cpus);
    /* /proc agrees, read independently. */
    char path[64], *status;
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    status = slurp(path, NULL);
    CHECK(strstr(status, "Cpus_allowed_list:\t0\n") != NULL);
    free(status);
    snprintf(path, sizeof(path), "cat /proc/%d/limits | grep 'open files'", pid);
    char *lim;
    CHECK(run(path, &lim) == 0 && strstr(lim, "512") && strstr(lim, "1024"));
    free(lim);

    /* Bad values: invalid argument, nothing changed. */
    CHECK_RC(psutil_proc_set_nice(p, 20), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_nice(p, -21), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_ionice(p, 9, 0), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_BE, 8), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_IDLE, 3), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_NONE, 1), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_rlimit(p, 99, l), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_rlimit(p, -1, &got), PSUTIL_EINVAL);
    psutil_rlimit_t inverted = {2048, 1024};
    CHECK_RC(psutil_proc_set_rlimit(p, PSUTIL_RLIMIT_NOFILE, inverted), PSUTIL_EINVAL);
    int none[1] = {0}, negative[2] = {0, -1}, huge[1] = {100000};
    CHECK_RC(psutil_proc_set_cpu_affinity(p, none, 0), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_cpu_affinity(p, negative, 2), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_cpu_affinity(p, huge, 1), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_send_signal(p, 65), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_send_signal(p, -1), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_memory_percent(p, 42, &(double){0}), PSUTIL_EINVAL);
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == 7);
    CHECK_OK(psutil_proc_ionice(p, &io));
    CHECK(io.ioclass == PSUTIL_IOPRIO_CLASS_IDLE);
    CHECK_OK(psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, &got));
    CHECK(got.soft == 512 && got.hard == 1024);
    CHECK_OK(psutil_proc_cpu_affinity(p, &cpus, &n));
    CHECK(n == 1);
    psutil_free(cpus);
    psutil_proc_close(p);
    reap(pid);
}

TEST(suspend_resume_terminate_and_wait_codes)
{
    int pid = child_sleeping();
    psutil_proc_t *p = open_ok(pid);
    int st;
    CHECK_OK(psutil_proc_suspend(p));
    wait_state(pid, 'T');
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_STOPPED);
    CHECK_OK(psutil_proc_resume(p));
    wait_state(pid, 'S');
    psutil_exit_t ex;
    double t0 = now();
    CHECK_RC(psutil_proc_wait(p, 0.2, &ex), PSUTIL_ETIMEOUT);
    CHECK(now() - t0 >= 0.19);
    CHECK_OK(psutil_proc_terminate(p));
    CHECK_OK(psutil_proc_wait(p, 5, &ex));
    CHECK(ex.known == 1 && ex.exit_code == -SIGTERM);
    /* Already reaped: returns at once, status unknown. */
    CHECK_OK(psutil_proc_wait(p, 5, &ex));
    CHECK(ex.known == 0);
    psutil_proc_close(p);

    pid = child_zombie(42);
    p = open_ok(pid);
    CHECK_OK(psutil_proc_wait(p, -1, &ex));
    CHECK(ex.known == 1 && ex.exit_code == 42);
    psutil_proc_close(p);

    pid = child_sleeping();
    p = open_ok(pid);
    CHECK_OK(psutil_proc_kill(p));
    CHECK_OK(psutil_proc_wait(p, 5, &ex));
    CHECK(ex.exit_code == -SIGKILL);
    psutil_proc_close(p);
}

TEST(wait_on_a_process_that_is_not_our_child)
{
    int pipefd[2], go[2];
    CHECK(pipe(pipefd) == 0 && pipe(go) == 0);
    fflush(NULL);
    pid_t mid = fork();
    if (mid == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            char c;
            close(go[1]);
            if (read(go[0], &c, 1) != 0) /* ends once the test has its handle */
                _exit(1);
            _exit(5);
        }
        if (write(pipefd[1], &grandchild, sizeof(grandchild)) != sizeof(grandchild))
            _exit(1);
        _exit(0); /* the grandchild is re-parented: not ours */
    }
    pid_t gc;
    CHECK(read(pipefd[0], &gc, sizeof(gc)) == sizeof(gc));
    waitpid(mid, NULL, 0);
    psutil_proc_t *p = open_ok(gc);
    close(go[1]);
    close(go[0]);
    psutil_exit_t ex;
    CHECK_OK(psutil_proc_wait(p, 10, &ex));
    CHECK(ex.known == 0);
    /* Ended: gone, or a zombie until its new parent reaps it. */
    int st, rc = psutil_proc_status(p, &st);
    CHECK(rc == PSUTIL_ENOSUCHPROC || (rc == 0 && st == PSUTIL_STATUS_ZOMBIE));
    psutil_proc_close(p);
}

struct cb_count {
    int calls;
    psutil_pid_t order[8];
};

static void on_gone(psutil_proc_t *p, const psutil_exit_t *st, void *arg)
{
    struct cb_count *c = arg;
    (void)st;
    c->order[c->calls++] = psutil_proc_pid(p);
}

TEST(wait_procs_reports_each_as_it_ends)
{
    psutil_proc_t *procs[3];
    int pids[3], after_first[2];
    /* The order is made, not timed: the second ends only once the first has (it reads a
     * pipe whose only writer is the first) and 300 ms later, so one round of checks
     * cannot see both; the first ends after 100 ms of the wait. */
    CHECK(pipe(after_first) == 0);
    for (int i = 0; i < 3; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            char c;
            if (i == 0) {
                close(after_first[0]);
                usleep(100000);
            } else if (i == 1) {
                close(after_first[1]);
                if (read(after_first[0], &c, 1) != 0)
                    _exit(1);
                usleep(300000); /* seen apart, however loaded the machine */
            } else {
                for (;;)
                    pause();
            }
            _exit(10 + i);
        }
        pids[i] = pid;
        procs[i] = open_ok(pid);
        if (i == 1) { /* the first now holds the only writer */
            close(after_first[0]);
            close(after_first[1]);
        }
    }
    int gone[3];
    psutil_exit_t st[3];
    struct cb_count cb = {0};
    double t0 = now();
    CHECK_OK(psutil_wait_procs(procs, 3, 1.0, on_gone, &cb, gone, st));
    CHECK(now() - t0 >= 0.99); /* the third never ends: the whole timeout */
    CHECK(gone[0] && gone[1] && !gone[2]);
    CHECK(st[0].known && st[0].exit_code == 10 && st[1].exit_code == 11);
    CHECK(cb.calls == 2 && cb.order[0] == pids[0] && cb.order[1] == pids[1]);
    reap(pids[2]);
    for (int i = 0; i < 3; i++)
        psutil_proc_close(procs[i]);
    CHECK_RC(psutil_wait_procs(NULL, 1, 1, NULL, NULL, gone, st), PSUTIL_EINVAL);
}

TEST(children_parents_and_iteration)
{
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            for (;;)
                pause();
        }
        if (write(pipefd[1], &gc, sizeof(gc)) != sizeof(gc))
            _exit(1);
        for (;;)
            pause();
    }
    pid_t gc;
    CHECK(read(pipefd[0], &gc, sizeof(gc)) == sizeof(gc));
    psutil_proc_t *self = open_ok(getpid()), **kids, **all, **par;
    size_t nk, na, np;
    CHECK_OK(psutil_proc_children(self, 0, &kids, &nk));
    CHECK(nk == 1 && psutil_proc_pid(kids[0]) == child);
    CHECK_OK(psutil_proc_children(self, 1, &all, &na));
    CHECK(na == 2 && psutil_proc_pid(all[0]) == child && psutil_proc_pid(all[1]) == gc);
    CHECK_OK(psutil_proc_parents(all[1], &par, &np));
    CHECK(np >= 2 && psutil_proc_pid(par[0]) == child && psutil_proc_pid(par[1]) == getpid());
    CHECK(psutil_proc_pid(par[np - 1]) == 1);
    psutil_proc_t *parent;
    CHECK_OK(psutil_proc_parent(kids[0], &parent));
    CHECK(psutil_proc_equal(parent, self));
    CHECK(psutil_proc_hash(parent) == psutil_proc_hash(self));
    psutil_proc_close(parent);
    psutil_proc_list_close(par, np);
    psutil_proc_list_close(kids, nk);
    psutil_proc_list_close(all, na);
    /* Iteration: pid order, everything psutil_pids lists (minus what ended). */
    psutil_proc_iter_t *it;
    psutil_proc_t *p;
    psutil_pid_t last = 0;
    int seen = 0, count = 0;
    CHECK_OK(psutil_proc_iter_open(&it));
    while (psutil_proc_iter_next(it, &p) == 0 && p) {
        CHECK(psutil_proc_pid(p) > last);
        last = psutil_proc_pid(p);
        seen += last == gc || last == child || last == getpid();
        count++;
        psutil_proc_close(p);
    }
    psutil_proc_iter_close(it);
    CHECK(seen == 3 && count >= 3); /* its own three, whatever else the namespace holds */
    kill(gc, SIGKILL);
    reap(child);
    psutil_proc_close(self);
}

TEST(oneshot_reads_once_and_nests)
{
    int pid = child_sleeping();
    psutil_proc_t *p = open_ok(pid);
    int st;
    psutil_pid_t ppid;
    wait_state(pid, 'S'); /* a fresh child may still be running */
    CHECK_OK(psutil_proc_oneshot_begin(p));
    CHECK_OK(psutil_proc_oneshot_begin(p));
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK_OK(psutil_proc_ppid(p, &ppid));
    CHECK(ppid == getpid());
    /* Within the window stat is not read again: a stop does not show... */
    kill(pid, SIGSTOP);
    wait_state(pid, 'T');
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_SLEEPING);
    psutil_proc_oneshot_end(p);
    CHECK_OK(psutil_proc_status(p, &st)); /* still inside the outer window */
    CHECK(st == PSUTIL_STATUS_SLEEPING);
    psutil_proc_oneshot_end(p);
    /* ...and after the window it does. */
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_STOPPED);
    psutil_proc_oneshot_end(p); /* unbalanced end: ignored */
    reap(pid);
    psutil_proc_close(p);
}

TEST(null_arguments_are_invalid)
{
    psutil_proc_t *p = open_ok(getpid());
    char *s;
    CHECK_RC(psutil_proc_name(NULL, &s), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_name(p, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_cpu_times(p, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_cmdline(p, NULL, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_set_cpu_affinity(p, NULL, 2), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_wait(p, NAN, &(psutil_exit_t){0}), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_iter_next(NULL, &p), PSUTIL_EINVAL);
    CHECK_RC(psutil_pids(NULL, NULL), PSUTIL_EINVAL);
    CHECK(psutil_proc_equal(p, NULL) == 0);
    CHECK(psutil_proc_hash(NULL) == 0);
    psutil_proc_close(p);
}

TEST(control_without_pidfds_takes_the_fallback)
{
    psutil__test_no_pidfd(1);
    /* Signals: kill(2) right after the identity check. */
    int pid = child_sleeping();
    psutil_proc_t *p = open_ok(pid);
    psutil_exit_t ex;
    int st;
    CHECK_OK(psutil_proc_suspend(p));
    wait_state(pid, 'T');
    CHECK_OK(psutil_proc_resume(p));
    double t0 = now();
    CHECK_RC(psutil_proc_wait(p, 0.2, &ex), PSUTIL_ETIMEOUT);
    CHECK(now() - t0 >= 0.19);
    CHECK_OK(psutil_proc_terminate(p));
    CHECK_OK(psutil_proc_wait(p, 5, &ex)); /* waitid(P_PID) with back-off polling */
    CHECK(ex.known == 1 && ex.exit_code == -SIGTERM);
    CHECK_RC(psutil_proc_status(p, &st), PSUTIL_ENOSUCHPROC);
    CHECK_RC(psutil_proc_kill(p), PSUTIL_ENOSUCHPROC);
    psutil_proc_close(p);
    /* Not our child: ended once it is gone or a zombie. */
    int pipefd[2], go[2];
    CHECK(pipe(pipefd) == 0 && pipe(go) == 0);
    fflush(NULL);
    pid_t mid = fork();
    if (mid == 0) {
        pid_t gc = fork();
        if (gc == 0) {
            char c;
            close(go[1]);
            if (read(go[0], &c, 1) != 0) /* ends once the test has its handle */
                _exit(1);
            _exit(0);
        }
        if (write(pipefd[1], &gc, sizeof(gc)) != sizeof(gc))
            _exit(1);
        _exit(0);
    }
    pid_t gc;
    CHECK(read(pipefd[0], &gc, sizeof(gc)) == sizeof(gc));
    waitpid(mid, NULL, 0);
    p = open_ok(gc);
    close(go[1]);
    close(go[0]);
    CHECK_OK(psutil_proc_wait(p, 10, &ex));
    CHECK(ex.known == 0);
    psutil_proc_close(p);
    psutil__test_no_pidfd(0);
}

TEST(terminal_of_a_process_with_a_controlling_pty)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0)
        harness_skip("no pseudo-terminals here: %s", strerror(errno));
    CHECK(grantpt(master) == 0 && unlockpt(master) == 0);
    char slave[128];
    CHECK(ptsname_r(master, slave, sizeof(slave)) == 0);
    int ready[2];
    CHECK(pipe(ready) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* A session leader that opens a terminal gets it as its controlling one. */
        if (setsid() < 0 || open(slave, O_RDWR) < 0 || write(ready[1], "x", 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    char c;
    CHECK(read(ready[0], &c, 1) == 1);
    psutil_proc_t *p = open_ok(pid);
    char *tty;
    CHECK_OK(psutil_proc_terminal(p, &tty));
    CHECK_MSG(strcmp(tty, slave) == 0, "terminal '%s', expected '%s'", tty, slave);
    char code[256];
    snprintf(code, sizeof(code), "print('tty', psutil.Process(%d).terminal().encode().hex())",
             (int)pid);
    oracle *o = oracle_start(code);
    CHECK(strcmp(oracle_str(o, "tty"), tty) == 0);
    oracle_finish(o);
    psutil_free(tty);
    psutil_proc_close(p);
    reap(pid);
    close(master);
}
