/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_util.c - every process getter in one table (each checks the ranges of what it
 * gets), and children for the process tests.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_util.h"

static int g_ppid(psutil_proc_t *p)
{
    psutil_pid_t v;
    int rc = psutil_proc_ppid(p, &v);
    if (rc == 0)
        CHECK(v >= 0);
    return rc;
}

static int g_name(psutil_proc_t *p)
{
    char *s;
    int rc = psutil_proc_name(p, &s);
    if (rc == 0) {
        CHECK(strlen(s) > 0);
        psutil_free(s);
    }
    return rc;
}

#define STRING_CALL(fn, absolute)                                                                  \
    static int g_##fn(psutil_proc_t *p)                                                            \
    {                                                                                              \
        char *s;                                                                                   \
        int rc = psutil_proc_##fn(p, &s);                                                          \
        if (rc == 0) {                                                                             \
            CHECK(!(absolute) || s[0] == '\0' || s[0] == '/');                                     \
            psutil_free(s);                                                                        \
        }                                                                                          \
        return rc;                                                                                 \
    }
STRING_CALL(exe, 1)
STRING_CALL(cwd, 1)
STRING_CALL(root, 1)
STRING_CALL(terminal, 1)
STRING_CALL(username, 0)

static int g_cmdline(psutil_proc_t *p)
{
    char **v;
    size_t n;
    int rc = psutil_proc_cmdline(p, &v, &n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            CHECK(v[i] != NULL);
        psutil_free(v);
    }
    return rc;
}

static int g_environ(psutil_proc_t *p)
{
    psutil_env_var_t *v;
    size_t n;
    int rc = psutil_proc_environ(p, &v, &n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            CHECK(v[i].key[0] != '\0' && strchr(v[i].key, '=') == NULL);
        psutil_free(v);
    }
    return rc;
}

static int g_create_time(psutil_proc_t *p)
{
    double t, bt;
    int rc = psutil_proc_create_time(p, &t);
    if (rc == 0) {
        CHECK_OK(psutil_boot_time(&bt));
        CHECK(t >= bt - 1 && t <= (double)time(NULL) + 1);
    }
    return rc;
}

static int g_status(psutil_proc_t *p)
{
    int v;
    int rc = psutil_proc_status(p, &v);
    if (rc == 0)
        CHECK(strcmp(psutil_proc_status_name(v), "?") != 0);
    return rc;
}

static int g_ids(psutil_proc_t *p)
{
    psutil_ids_t u, g;
    int rc = psutil_proc_uids(p, &u);
    if (rc == 0)
        rc = psutil_proc_gids(p, &g);
    if (rc == 0)
        CHECK(u.real >= 0 && u.effective >= 0 && u.saved >= 0 && g.real >= 0);
    return rc;
}

static int g_nice(psutil_proc_t *p)
{
    int v;
    int rc = psutil_proc_nice(p, &v);
    if (rc == 0)
        CHECK(v >= -20 && v <= 19);
    return rc;
}

static int g_ionice(psutil_proc_t *p)
{
    psutil_ionice_t v;
    int rc = psutil_proc_ionice(p, &v);
    if (rc == 0)
        CHECK(v.ioclass >= 0 && v.ioclass <= 3 && v.value >= 0 && v.value <= 7);
    return rc;
}

static int g_rlimit(psutil_proc_t *p)
{
    for (int r = PSUTIL_RLIMIT_AS; r <= PSUTIL_RLIMIT_STACK; r++) {
        psutil_rlimit_t l;
        int rc = psutil_proc_rlimit(p, r, &l);
        if (rc != 0)
            return rc;
        CHECK(l.soft <= l.hard);
    }
    return 0;
}

static int g_io(psutil_proc_t *p)
{
    psutil_proc_io_t v;
    return psutil_proc_io_counters(p, &v);
}

static int g_ctx(psutil_proc_t *p)
{
    psutil_ctx_switches_t v;
    return psutil_proc_num_ctx_switches(p, &v);
}

static int g_fds(psutil_proc_t *p)
{
    int64_t v;
    int rc = psutil_proc_num_fds(p, &v);
    if (rc == 0)
        CHECK(v >= 0);
    return rc;
}

static int g_open_files(psutil_proc_t *p)
{
    psutil_open_file_t *v;
    size_t n;
    int rc = psutil_proc_open_files(p, &v, &n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            CHECK(v[i].path[0] == '/' && v[i].fd >= 0 && v[i].mode[0] != '\0');
        psutil_free(v);
    }
    return rc;
}

static int g_threads(psutil_proc_t *p)
{
    psutil_thread_t *v;
    size_t n;
    int64_t nt;
    int rc = psutil_proc_num_threads(p, &nt);
    if (rc == 0)
        CHECK(nt >= 0);
    if (rc == 0)
        rc = psutil_proc_threads(p, &v, &n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            CHECK(v[i].id > 0 && v[i].user >= 0 && v[i].system >= 0);
        psutil_free(v);
    }
    return rc;
}

static int g_cpu(psutil_proc_t *p)
{
    psutil_proc_cpu_times_t t;
    double pct;
    int num;
    int rc = psutil_proc_cpu_times(p, &t);
    if (rc == 0)
        CHECK(t.user >= 0 && t.system >= 0 && t.children_user >= 0 && t.iowait >= 0);
    if (rc == 0)
        rc = psutil_proc_cpu_percent(p, &pct);
    if (rc == 0)
        rc = psutil_proc_cpu_num(p, &num);
    if (rc == 0)
        CHECK(num >= -1);
    return rc;
}

static int g_affinity(psutil_proc_t *p)
{
    int *v;
    size_t n;
    int rc = psutil_proc_cpu_affinity(p, &v, &n);
    if (rc == 0) {
        CHECK(n >= 1);
        for (size_t i = 1; i < n; i++)
            CHECK(v[i] > v[i - 1]);
        psutil_free(v);
    }
    return rc;
}

static int g_memory(psutil_proc_t *p)
{
    psutil_proc_memory_ex_t m;
    double pct;
    int rc = psutil_proc_memory_info_ex(p, &m);
    if (rc == 0)
        CHECK(m.base.rss <= m.base.vms || m.base.vms == 0);
    if (rc == 0)
        rc = psutil_proc_memory_percent(p, PSUTIL_MEM_RSS, &pct);
    if (rc == 0)
        CHECK(pct >= 0 && pct <= 100);
    return rc;
}

static int g_memory_full(psutil_proc_t *p)
{
    psutil_proc_memory_full_t m;
    return psutil_proc_memory_full_info(p, &m);
}

static int g_maps(psutil_proc_t *p)
{
    psutil_memory_map_t *v;
    size_t n;
    int rc = psutil_proc_memory_maps(p, 1, &v, &n);
    if (rc == 0)
        psutil_free(v);
    return rc;
}

static int g_faults(psutil_proc_t *p)
{
    psutil_page_faults_t v;
    return psutil_proc_page_faults(p, &v);
}

static int g_children(psutil_proc_t *p)
{
    psutil_proc_t **v;
    size_t n;
    int rc = psutil_proc_children(p, 0, &v, &n);
    if (rc == 0)
        psutil_proc_list_close(v, n);
    return rc;
}

static int g_parents(psutil_proc_t *p)
{
    psutil_proc_t **v;
    size_t n;
    int rc = psutil_proc_parents(p, &v, &n);
    if (rc == 0)
        psutil_proc_list_close(v, n);
    return rc;
}

const getter all_getters[] = {
    {"ppid", g_ppid},
    {"name", g_name},
    {"exe", g_exe},
    {"cwd", g_cwd},
    {"root", g_root},
    {"terminal", g_terminal},
    {"username", g_username},
    {"cmdline", g_cmdline},
    {"environ", g_environ},
    {"create_time", g_create_time},
    {"status", g_status},
    {"ids", g_ids},
    {"nice", g_nice},
    {"ionice", g_ionice},
    {"rlimit", g_rlimit},
    {"io_counters", g_io},
    {"ctx_switches", g_ctx},
    {"num_fds", g_fds},
    {"open_files", g_open_files},
    {"threads", g_threads},
    {"cpu", g_cpu},
    {"cpu_affinity", g_affinity},
    {"memory", g_memory},
    {"memory_full", g_memory_full},
    {"memory_maps", g_maps},
    {"page_faults", g_faults},
    {"children", g_children},
    {"parents", g_parents},
};
const size_t n_getters = sizeof(all_getters) / sizeof(all_getters[0]);

int child_sleeping(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    return (int)pid;
}

int lock_pages(size_t pages)
{
    size_t len = pages * (size_t)sysconf(_SC_PAGESIZE);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p != MAP_FAILED && syscall(SYS_mlock, p, len) == 0 ? 0 : -1;
}

int child_zombie(int code)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(code);
    CHECK(pid > 0);
    wait_state((int)pid, 'Z');
    return (int)pid;
}

void wait_state(int pid, char state)
{
    char path[64], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    for (int i = 0; i < 5000; i++) {
        FILE *f = fopen(path, "r");
        if (f) {
            size_t n = fread(buf, 1, sizeof(buf) - 1, f);
            fclose(f);
            buf[n] = '\0';
            const char *close = strrchr(buf, ')');
            if (close && close[1] == ' ' && close[2] == state)
                return;
        }
        usleep(1000);
    }
    harness_fail(__FILE__, __LINE__, "pid %d never reached state %c", pid, state);
}

void wait_argv0(int pid, const char *argv0)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
    for (int i = 0; i < 5000; i++) {
        size_t len = 0;
        char *cmd = slurp(path, &len);
        int done = cmd && len > strlen(argv0) && strcmp(cmd, argv0) == 0;
        free(cmd);
        if (done)
            return;
        usleep(1000);
    }
    harness_fail(__FILE__, __LINE__, "pid %d never ran %s", pid, argv0);
}

/* A churner: forks a child every millisecond (~1,000 a second, about 20 alive at a time,
 * so scans meet them); each child first writes "c<pid>" over its argv[0], then sets its
 * comm to the same, lives 20 ms and exits. */
int start_churner(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return (int)pid;
    for (;;) {
        pid_t c = fork();
        if (c == 0) {
            char mark[16];
            snprintf(mark, sizeof(mark), "c%d", (int)getpid());
            size_t room = strlen(program_invocation_name);
            if (room > strlen(mark)) {
                memset(program_invocation_name, 0, room);
                memcpy(program_invocation_name, mark, strlen(mark));
            }
            prctl(PR_SET_NAME, mark, 0, 0, 0);
            usleep(20000);
            _exit(0);
        }
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        usleep(1000);
    }
}
