/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_unprivileged.c - every per-process function on every pid as the unprivileged
 * user nobody, then the same on a procfs mounted with hidepid=2 in a private mount
 * namespace. Every answer must be 0 or a code a process function documents (gone,
 * zombie, access denied, not supported); and access is denied exactly where Debian's
 * python3-psutil, run as nobody on the same procfs, raises AccessDenied for the same pid
 * and field (processes that ended in between are left out).
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calls.h"
#include "harness.h"

/* Our call and python3-psutil's method for the same field ("" where psutil has none). */
static const struct {
    const char *ours, *theirs;
} fields[] = {
    {"proc_name", "name()"},
    {"proc_exe", "exe()"},
    {"proc_cwd", "cwd()"},
    {"proc_terminal", "terminal()"},
    {"proc_username", "username()"},
    {"proc_cmdline", "cmdline()"},
    {"proc_environ", "environ()"},
    {"proc_status", "status()"},
    {"proc_ppid", "ppid()"},
    {"proc_create_time", "create_time()"},
    {"proc_uids", "uids()"},
    {"proc_gids", "gids()"},
    {"proc_nice", "nice()"},
    {"proc_ionice", "ionice()"},
    {"proc_rlimit", "rlimit(psutil.RLIMIT_NOFILE)"},
    {"proc_cpu_affinity", "cpu_affinity()"},
    {"proc_cpu_num", "cpu_num()"},
    {"proc_cpu_times", "cpu_times()"},
    {"proc_io_counters", "io_counters()"},
    {"proc_num_ctx_switches", "num_ctx_switches()"},
    {"proc_num_threads", "num_threads()"},
    {"proc_threads", "threads()"},
    {"proc_num_fds", "num_fds()"},
    {"proc_open_files", "open_files()"},
    {"proc_memory_info", "memory_info()"},
    {"proc_memory_full_info", "memory_full_info()"},
    {"proc_memory_maps", "memory_maps()"},
    {"proc_connections", "connections('all')"},
    {"proc_children", "children(recursive=True)"},
    {"proc_is_running", "is_running()"},
    {"proc_container_id", ""},
    {"proc_namespaces", ""},
    {"proc_cgroups", ""},
    {"proc_page_faults", ""},
};

static const char *theirs_of(const char *ours)
{
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strcmp(fields[i].ours, ours) == 0)
            return fields[i].theirs;
    return NULL;
}

/* psutil's answer per pid and method, as "PID METHOD ok|ad|gone" lines. */
static const char oracle_py[] =
    "import sys, psutil\n"
    "if len(sys.argv) > 2: psutil.PROCFS_PATH = sys.argv[2]\n"
    "pids = [int(x) for x in open(sys.argv[1]).read().split()]\n"
    "methods = sys.stdin.read().split('\\n')\n"
    "for pid in pids:\n"
    "    try: p = psutil.Process(pid)\n"
    "    except psutil.Error:\n"
    "        continue\n"
    "    for m in methods:\n"
    "        if not m: continue\n"
    "        try:\n"
    "            eval('p.' + m)\n"
    "            r = 'ok'\n"
    "        except psutil.AccessDenied: r = 'ad'\n"
    "        except (psutil.NoSuchProcess, psutil.ZombieProcess): r = 'gone'\n"
    "        except Exception as e: r = 'err:' + type(e).__name__\n"
    "        print(pid, m.replace(' ', ''), r)\n";

struct sweep {
    size_t pids, answers, compared, denied;
    char mismatch[4096];
};

/* In a child that becomes nobody (and first mounts a hidepid=2 procfs in a private mount
 * namespace when hidepid): every per-process call on every pid, then psutil's answers;
 * compares them. Writes the result to the parent through fd. */
static void sweep_as_nobody(int hidepid, int fd)
{
    struct sweep s;
    memset(&s, 0, sizeof(s));
    char dir[] = "/tmp/psutil-hidepid-XXXXXX", pidfile[] = "/tmp/psutil-pids-XXXXXX";
    char outfile[] = "/tmp/psutil-oracle-XXXXXX";
    int pf = mkstemp(pidfile), of = mkstemp(outfile);
    CHECK(pf >= 0 && of >= 0);
    fchown(pf, 65534, 65534);
    fchown(of, 65534, 65534);
    if (hidepid) {
        CHECK(mkdtemp(dir) != NULL);
        CHECK(unshare(CLONE_NEWNS) == 0);
        CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0);
        CHECK_MSG(mount("proc", dir, "proc", 0, "hidepid=2") == 0, "mount hidepid=2: %s",
                  strerror(errno));
    }
    CHECK(setgroups(0, NULL) == 0 && setgid(65534) == 0 && setuid(65534) == 0);
    /* Changing ids cleared the dumpable flag, which gives /proc/SELF to root: set it
     * back, as a process started as nobody has it. And one more process of nobody's. */
    CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
    pid_t own = fork();
    CHECK(own >= 0);
    if (own == 0) {
        execl("/bin/sleep", "sleep", "60", (char *)NULL);
        _exit(127);
    }
    if (hidepid) {
        CHECK(psutil_set_root(PSUTIL_ROOT_PROC, dir) == 0);
        /* Another user's process is not there at all: gone, not denied. */
        psutil_proc_t *init;
        int exists = -1;
        CHECK_RC(psutil_proc_open(1, &init), PSUTIL_ENOSUCHPROC);
        CHECK(psutil_pid_exists(1, &exists) == 0 && exists == 0);
    }
    psutil_pid_t *pids;
    size_t n;
    CHECK(psutil_pids(&pids, &n) == 0);
    s.pids = n;
    for (size_t i = 0; i < n; i++)
        dprintf(pf, "%lld\n", (long long)pids[i]);
    /* Ours, for every pid and call: rc[i][k]. */
    size_t nproc = ncalls - CALLS_PROC;
    int *rc = malloc(n * nproc * sizeof(int));
    CHECK(rc != NULL);
    for (size_t i = 0; i < n; i++) {
        calls_target = pids[i];
        for (size_t k = 0; k < nproc; k++) {
            unsigned char out[CALL_OUT_MAX];
            const struct call *c = &calls[CALLS_PROC + k];
            int r = rc[i * nproc + k] = c->run(out);
            s.answers++;
            CHECK_MSG(r == 0 || r == PSUTIL_ENOSUCHPROC || r == PSUTIL_EZOMBIE ||
                          r == PSUTIL_EACCES || r == PSUTIL_ENOTSUP,
                      "%s(%lld) as nobody%s: %s", c->name, (long long)pids[i],
                      hidepid ? " on hidepid=2" : "", psutil_err_name(r));
            CHECK_MSG(theirs_of(c->name) != NULL, "%s has no entry in the field table", c->name);
        }
    }
    /* psutil's, as nobody on the same procfs. */
    char cmd[1024], methods[4096] = "";
    for (size_t k = 0; k < nproc; k++) {
        const char *t = theirs_of(calls[CALLS_PROC + k].name);
        if (t[0])
            snprintf(methods + strlen(methods), sizeof(methods) - strlen(methods), "%s\n", t);
    }
    char pyfile[] = "/tmp/psutil-oracle-py-XXXXXX";
    int py = mkstemp(pyfile);
    CHECK(py >= 0 && write(py, oracle_py, strlen(oracle_py)) == (ssize_t)strlen(oracle_py));
    close(py);
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s %s %s > %s", pyfile, pidfile,
             hidepid ? dir : "", outfile);
    FILE *p = popen(cmd, "w");
    CHECK(p != NULL);
    fputs(methods, p);
    CHECK_MSG(pclose(p) == 0, "python3-psutil as nobody failed: %s", cmd);
    char *theirs = slurp(outfile, NULL);
    CHECK(theirs != NULL);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nproc; k++) {
            const char *t = theirs_of(calls[CALLS_PROC + k].name);
            int r = rc[i * nproc + k];
            if (!t[0] || r == PSUTIL_ENOSUCHPROC || r == PSUTIL_EZOMBIE)
                continue;
            char key[256], m[200];
            size_t j = 0;
            for (const char *c = t; *c && j < sizeof(m) - 1; c++)
                if (*c != ' ')
                    m[j++] = *c;
            m[j] = '\0';
            snprintf(key, sizeof(key), "\n%lld %s ", (long long)pids[i], m);
            /* The line, at the start of the output or after a newline. */
            size_t kl = strlen(key + 1);
            char *at = strncmp(theirs, key + 1, kl) == 0 ? theirs + kl : strstr(theirs, key);
            if (!at)
                continue; /* gone before psutil looked */
            if (at != theirs + kl)
                at += strlen(key);
            if (strncmp(at, "gone", 4) == 0)
                continue;
            CHECK_MSG(strncmp(at, "err:", 4) != 0, "psutil's %s on %lld raised %.40s", m,
                      (long long)pids[i], at + 4);
            int they_deny = strncmp(at, "ad", 2) == 0;
            s.compared++;
            s.denied += they_deny;
            if (they_deny != (r == PSUTIL_EACCES) && strlen(s.mismatch) < sizeof(s.mismatch) - 200)
                snprintf(s.mismatch + strlen(s.mismatch), sizeof(s.mismatch) - strlen(s.mismatch),
                         "\n  pid %lld %s: ours %s, psutil %s", (long long)pids[i],
                         calls[CALLS_PROC + k].name, psutil_err_name(r),
                         they_deny ? "AccessDenied" : "a value");
        }
    CHECK(write(fd, &s, sizeof(s)) == (ssize_t)sizeof(s));
    kill(own, SIGKILL);
    waitpid(own, NULL, 0);
    unlink(pyfile);
    unlink(pidfile);
    unlink(outfile);
    if (hidepid) {
        umount(dir);
        rmdir(dir);
    }
    free(theirs);
    free(rc);
    psutil_free(pids);
}

static void sweep(int hidepid, struct sweep *s)
{
    NEED(getuid() == 0, "needs root to become nobody and to mount a procfs (CI runs as root)");
    int p[2];
    CHECK(pipe(p) == 0);
    fflush(NULL);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        close(p[0]);
        sweep_as_nobody(hidepid, p[1]);
        exit(0);
    }
    close(p[1]);
    ssize_t got = read(p[0], s, sizeof(*s));
    close(p[0]);
    int st;
    CHECK(waitpid(child, &st, 0) == child);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0 && got == (ssize_t)sizeof(*s),
              "the sweep as nobody failed (exit %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

TEST(every_pid_as_nobody_is_denied_exactly_where_psutil_is)
{
    struct sweep s;
    sweep(0, &s);
    printf("nobody: %zu pids, %zu answers, %zu compared with psutil, %zu denied\n", s.pids,
           s.answers, s.compared, s.denied);
    CHECK_MSG(s.mismatch[0] == '\0', "access denied differs from psutil's:%s", s.mismatch);
    CHECK(s.pids > 10 && s.compared > 100 && s.denied > 10);
}

TEST(hidepid_procfs_shows_nobody_only_its_own_processes)
{
    struct sweep s;
    sweep(1, &s);
    printf("nobody on hidepid=2: %zu pids, %zu answers, %zu compared with psutil, %zu denied\n",
           s.pids, s.answers, s.compared, s.denied);
    CHECK_MSG(s.mismatch[0] == '\0', "access denied differs from psutil's:%s", s.mismatch);
    /* Only nobody's own processes (the sweep and its sleep) are visible, and psutil
     * agrees on every field of both. */
    CHECK_MSG(s.pids == 2, "%zu pids visible on hidepid=2", s.pids);
    CHECK(s.compared >= 40);
}
