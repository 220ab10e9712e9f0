/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_oracle.c - every Process getter against Debian's python3-psutil 5.9.4, field
 * by field, for this test process, a purpose-built child (long executable name, its own
 * environment, cwd /tmp, nice 5, files open as r, w, a and r+), pid 1, kthreadd and the
 * test runner. Errors must match in kind: AccessDenied is PSUTIL_EACCES, NoSuchProcess
 * and ZombieProcess are "gone". Fields psutil 5.9.4 lacks (page_faults, memory_info_ex,
 * root) are checked against /proc read directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

#define SLEEPER "/tmp/psutil_test_sleeper_with_a_long_name"

static const char *const py_fields =
    "import os\n"
    "def hx(s): return s.encode('utf-8', 'surrogateescape').hex() or '-'\n"
    "def emit(pid, field, fn):\n"
    "    try: v = fn()\n"
    "    except psutil.AccessDenied: print('%d.%s.err denied' % (pid, field)); return\n"
    "    except psutil.ZombieProcess: print('%d.%s.err gone' % (pid, field)); return\n"
    "    except psutil.NoSuchProcess: print('%d.%s.err gone' % (pid, field)); return\n"
    "    print('%d.%s %s' % (pid, field, v))\n"
    "RL = [psutil.RLIMIT_AS, psutil.RLIMIT_CORE, psutil.RLIMIT_CPU, psutil.RLIMIT_DATA,\n"
    "      psutil.RLIMIT_FSIZE, psutil.RLIMIT_LOCKS, psutil.RLIMIT_MEMLOCK,\n"
    "      psutil.RLIMIT_MSGQUEUE, psutil.RLIMIT_NICE, psutil.RLIMIT_NOFILE,\n"
    "      psutil.RLIMIT_NPROC, psutil.RLIMIT_RSS, psutil.RLIMIT_RTPRIO,\n"
    "      psutil.RLIMIT_RTTIME, psutil.RLIMIT_SIGPENDING, psutil.RLIMIT_STACK]\n"
    "def lim(v): return 'inf' if v == psutil.RLIM_INFINITY else str(v)\n"
    "for pid in PIDS:\n"
    "    p = psutil.Process(pid)\n"
    "    emit(pid, 'name', lambda: hx(p.name()))\n"
    "    emit(pid, 'exe', lambda: hx(p.exe()))\n"
    "    emit(pid, 'cwd', lambda: hx(p.cwd()))\n"
    "    emit(pid, 'cmdline', lambda: hx('\\0'.join(p.cmdline())))\n"
    "    emit(pid, 'environ', lambda: hx('\\0'.join(sorted(k + '=' + v for k, v in "
    "p.environ().items()))))\n"
    "    emit(pid, 'status', lambda: hx(p.status()))\n"
    "    emit(pid, 'ppid', lambda: p.ppid())\n"
    "    emit(pid, 'ids', lambda: hx('%d %d %d %d %d %d' % (tuple(p.uids()) + "
    "tuple(p.gids()))))\n"
    "    emit(pid, 'username', lambda: hx(p.username()))\n"
    "    emit(pid, 'terminal', lambda: hx(p.terminal() or ''))\n"
    "    emit(pid, 'nice', lambda: p.nice())\n"
    "    emit(pid, 'ionice', lambda: hx('%d %d' % (int(p.ionice().ioclass), "
    "p.ionice().value)))\n"
    "    emit(pid, 'rlimit', lambda: hx(' '.join(lim(a) + '/' + lim(b) for a, b in "
    "(p.rlimit(r) for r in RL))))\n"
    "    emit(pid, 'affinity', lambda: hx(' '.join(map(str, p.cpu_affinity()))))\n"
    "    emit(pid, 'num_threads', lambda: p.num_threads())\n"
    "    emit(pid, 'thread_ids', lambda: hx(' '.join(str(t.id) for t in p.threads())))\n"
    "    emit(pid, 'num_fds', lambda: p.num_fds())\n"
    "    emit(pid, 'open_files', lambda: hx(';'.join('%s,%d,%d,%s,%d' % (f.path, f.fd, "
    "f.position, f.mode, f.flags) for f in p.open_files())))\n"
    "    emit(pid, 'create_time', lambda: repr(p.create_time()))\n"
    "    emit(pid, 'cpu_user', lambda: p.cpu_times().user)\n"
    "    emit(pid, 'cpu_system', lambda: p.cpu_times().system)\n"
    "    emit(pid, 'cpu_cuser', lambda: p.cpu_times().children_user)\n"
    "    emit(pid, 'cpu_iowait', lambda: p.cpu_times().iowait)\n"
    "    emit(pid, 'io_rchar', lambda: p.io_counters().read_chars)\n"
    "    emit(pid, 'io_syscr', lambda: p.io_counters().read_count)\n"
    "    emit(pid, 'ctx_vol', lambda: p.num_ctx_switches().voluntary)\n"
    "    emit(pid, 'ctx_invol', lambda: p.num_ctx_switches().involuntary)\n"
    "    emit(pid, 'rss', lambda: p.memory_info().rss)\n"
    "    emit(pid, 'vms', lambda: p.memory_info().vms)\n"
    "    emit(pid, 'shared', lambda: p.memory_info().shared)\n"
    "    emit(pid, 'text', lambda: p.memory_info().text)\n"
    "    emit(pid, 'data', lambda: p.memory_info().data)\n"
    "    emit(pid, 'uss', lambda: p.memory_full_info().uss)\n"
    "    emit(pid, 'pss', lambda: p.memory_full_info().pss)\n"
    "    emit(pid, 'swap', lambda: p.memory_full_info().swap)\n"
    "    emit(pid, 'mem_pct', lambda: p.memory_percent())\n"
    "    emit(pid, 'maps', lambda: hx(';'.join(sorted(m.path for m in p.memory_maps()))))\n"
    "    emit(pid, 'children', lambda: hx(' '.join(sorted(str(c.pid) for c in "
    "p.children(recursive=True)))))\n"
    "    emit(pid, 'parents', lambda: hx(' '.join(str(c.pid) for c in p.parents())))\n"
    "    emit(pid, 'cpu_num', lambda: p.cpu_num())\n";

/* The oracle's value for pid.field: its text, or NULL with *err set to "denied"/"gone". */
static const char *theirs(oracle *o, int pid, const char *field, const char **err)
{
    char key[96];
    snprintf(key, sizeof(key), "%d.%s.err", pid, field);
    *err = oracle_raw(o, key);
    snprintf(key, sizeof(key), "%d.%s", pid, field);
    return *err ? NULL : oracle_raw(o, key);
}

static const char *theirs_str(oracle *o, int pid, const char *field, const char **err)
{
    char key[96];
    snprintf(key, sizeof(key), "%d.%s.err", pid, field);
    *err = oracle_raw(o, key);
    snprintf(key, sizeof(key), "%d.%s", pid, field);
    return *err ? NULL : oracle_str(o, key);
}

/* Error kinds agree; returns 1 when both succeeded and values should be compared.
 * Kernel threads read their address-space files as empty here where psutil 5.9.4
 * reports NoSuchProcess/ZombieProcess for a live process: accepted when vms is 0. */
static int same_outcome(int pid, const char *field, int rc, const char *err, int kthread)
{
    if (!err) {
        CHECK_MSG(rc == 0, "%d %s: ours %s, psutil succeeded", pid, field, psutil_err_name(rc));
        return 1;
    }
    if (strcmp(err, "denied") == 0)
        CHECK_MSG(rc == PSUTIL_EACCES, "%d %s: ours %s, psutil AccessDenied", pid, field,
                  psutil_err_name(rc));
    else
        CHECK_MSG(psutil_is_gone(rc) || (kthread && rc == 0), "%d %s: ours %s, psutil %s", pid,
                  field, psutil_err_name(rc), err);
    return 0;
}

/* Hex of n bytes as psutil's side prints it ("-" when empty). */
static void to_hex(const char *b, size_t n, char *out)
{
    if (n == 0) {
        strcpy(out, "-");
        return;
    }
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", (unsigned char)b[i]);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Builds the text forms psutil's side printed, from our values. */
static void compare_process(oracle *o, int pid, int idle)
{
    psutil_proc_t *p;
    char buf[65536], *s, **argv;
    size_t n;
    int rc;
    const char *err, *v;
    CHECK_OK(psutil_proc_open(pid, &p));
    psutil_proc_memory_t mi;
    int kthread = psutil_proc_memory_info(p, &mi) == 0 && mi.vms == 0;

#define STR_FIELD(field, call)                                                                     \
    do {                                                                                           \
        rc = (call);                                                                               \
        v = theirs_str(o, pid, field, &err);                                                       \
        if (same_outcome(pid, field, rc, err, kthread))                                            \
            CHECK_MSG(strcmp(s, v) == 0, "%d %s: ours '%s', psutil '%s'", pid, field, s, v);       \
        if (rc == 0)                                                                               \
            psutil_free(s);                                                                        \
    } while (0)

    STR_FIELD("name", psutil_proc_name(p, &s));
    STR_FIELD("exe", psutil_proc_exe(p, &s));
    STR_FIELD("cwd", psutil_proc_cwd(p, &s));
    STR_FIELD("username", psutil_proc_username(p, &s));
    STR_FIELD("terminal", psutil_proc_terminal(p, &s));

    rc = psutil_proc_cmdline(p, &argv, &n);
    v = theirs(o, pid, "cmdline", &err);
    if (same_outcome(pid, "cmdline", rc, err, kthread)) {
        size_t off = 0;
        for (size_t i = 0; i < n; i++) {
            memcpy(buf + off, argv[i], strlen(argv[i]));
            off += strlen(argv[i]);
            if (i + 1 < n)
                buf[off++] = '\0';
        }
        char *hex = malloc(2 * off + 2);
        to_hex(buf, off, hex);
        CHECK_MSG(strcmp(hex, v) == 0, "%d cmdline differs: %s vs %s", pid, hex, v);
        free(hex);
    }
    if (rc == 0)
        psutil_free(argv);

    psutil_env_var_t *env;
    rc = psutil_proc_environ(p, &env, &n);
    v = theirs(o, pid, "environ", &err);
    if (same_outcome(pid, "environ", rc, err, kthread)) {
        char **kv = malloc((n ? n : 1) * sizeof(*kv));
        for (size_t i = 0; i < n; i++) {
            kv[i] = malloc(strlen(env[i].key) + strlen(env[i].value) + 2);
            sprintf(kv[i], "%s=%s", env[i].key, env[i].value);
        }
        qsort(kv, n, sizeof(*kv), cmp_str);
        size_t off = 0;
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(kv[i]);
            memcpy(buf + off, kv[i], len);
            off += len;
            if (i + 1 < n)
                buf[off++] = '\0';
            free(kv[i]);
        }
        char *hex = malloc(2 * off + 2);
        to_hex(buf, off, hex);
        CHECK_MSG(strcmp(hex, v) == 0, "%d environ differs", pid);
        free(hex);
        free(kv);
    }
    if (rc == 0)
        psutil_free(env);

    int st;
    rc = psutil_proc_status(p, &st);
    v = theirs_str(o, pid, "status", &err);
    if (same_outcome(pid, "status", rc, err, kthread) && idle) /* a busy one moves */
        CHECK_MSG(strcmp(psutil_proc_status_name(st), v) == 0, "%d status %s vs %s", pid,
                  psutil_proc_status_name(st), v);

    psutil_pid_t ppid;
    rc = psutil_proc_ppid(p, &ppid);
    v = theirs(o, pid, "ppid", &err);
    if (same_outcome(pid, "ppid", rc, err, kthread))
        CHECK(ppid == atoll(v));

    psutil_ids_t u, g;
    rc = psutil_proc_uids(p, &u);
    if (rc == 0)
        rc = psutil_proc_gids(p, &g);
    v = theirs_str(o, pid, "ids", &err);
    if (same_outcome(pid, "ids", rc, err, kthread)) {
        snprintf(buf, sizeof(buf), "%lld %lld %lld %lld %lld %lld", (long long)u.real,
                 (long long)u.effective, (long long)u.saved, (long long)g.real,
                 (long long)g.effective, (long long)g.saved);
        CHECK_MSG(strcmp(buf, v) == 0, "%d ids %s vs %s", pid, buf, v);
    }

    int nice;
    rc = psutil_proc_nice(p, &nice);
    v = theirs(o, pid, "nice", &err);
    if (same_outcome(pid, "nice", rc, err, kthread))
        CHECK(nice == atoi(v));

    psutil_ionice_t io;
    rc = psutil_proc_ionice(p, &io);
    v = theirs_str(o, pid, "ionice", &err);
    if (same_outcome(pid, "ionice", rc, err, kthread)) {
        snprintf(buf, sizeof(buf), "%d %d", io.ioclass, io.value);
        CHECK_MSG(strcmp(buf, v) == 0, "%d ionice %s vs %s", pid, buf, v);
    }

    size_t off = 0;
    rc = 0;
    for (int r = PSUTIL_RLIMIT_AS; r <= PSUTIL_RLIMIT_STACK && rc == 0; r++) {
        psutil_rlimit_t l;
        rc = psutil_proc_rlimit(p, r, &l);
        if (rc != 0)
            break;
        char a[32], b[32];
        snprintf(a, sizeof(a), "%llu", (unsigned long long)l.soft);
        snprintf(b, sizeof(b), "%llu", (unsigned long long)l.hard);
        off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s/%s", r ? " " : "",
                                l.soft == PSUTIL_RLIM_INFINITY ? "inf" : a,
                                l.hard == PSUTIL_RLIM_INFINITY ? "inf" : b);
    }
    v = theirs_str(o, pid, "rlimit", &err);
    if (same_outcome(pid, "rlimit", rc, err, kthread))
        CHECK_MSG(strcmp(buf, v) == 0, "%d rlimit %s vs %s", pid, buf, v);

    int *cpus;
    rc = psutil_proc_cpu_affinity(p, &cpus, &n);
    v = theirs_str(o, pid, "affinity", &err);
    if (same_outcome(pid, "affinity", rc, err, kthread)) {
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++)
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%d", i ? " " : "", cpus[i]);
        CHECK_MSG(strcmp(buf, v) == 0, "%d affinity %s vs %s", pid, buf, v);
    }
    if (rc == 0)
        psutil_free(cpus);

    int64_t nt, nfds;
    rc = psutil_proc_num_threads(p, &nt);
    v = theirs(o, pid, "num_threads", &err);
    if (same_outcome(pid, "num_threads", rc, err, kthread))
        CHECK(nt == atoll(v));
    psutil_thread_t *th;
    rc = psutil_proc_threads(p, &th, &n);
    v = theirs_str(o, pid, "thread_ids", &err);
    if (same_outcome(pid, "thread_ids", rc, err, kthread)) {
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++)
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%lld", i ? " " : "",
                                    (long long)th[i].id);
        CHECK_MSG(strcmp(buf, v) == 0, "%d threads %s vs %s", pid, buf, v);
    }
    if (rc == 0)
        psutil_free(th);
    rc = psutil_proc_num_fds(p, &nfds);
    v = theirs(o, pid, "num_fds", &err);
    if (same_outcome(pid, "num_fds", rc, err, kthread))
        CHECK_MSG(idle ? nfds == atoll(v) : llabs(nfds - atoll(v)) <= 2, "%d num_fds %lld vs %s",
                  pid, (long long)nfds, v);

    psutil_open_file_t *files;
    rc = psutil_proc_open_files(p, &files, &n);
    v = theirs_str(o, pid, "open_files", &err);
    if (same_outcome(pid, "open_files", rc, err, kthread) && idle) {
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++)
            off += (size_t)snprintf(
                buf + off, sizeof(buf) - off, "%s%s,%d,%llu,%s,%d", i ? ";" : "", files[i].path,
                files[i].fd, (unsigned long long)files[i].position, files[i].mode, files[i].flags);
        CHECK_MSG(strcmp(buf, v) == 0, "%d open_files\n  ours   %s\n  psutil %s", pid, buf, v);
    }
    if (rc == 0)
        psutil_free(files);

    double ct;
    rc = psutil_proc_create_time(p, &ct);
    v = theirs(o, pid, "create_time", &err);
    if (same_outcome(pid, "create_time", rc, err, kthread))
        CHECK_NEAR(ct, atof(v), 0.01); /* the 10 ms */

    /* Counters: a few ticks, or bracketed, for a busy process; exact when idle. */
    psutil_proc_cpu_times_t t;
    double tick = 1.0 / (double)sysconf(_SC_CLK_TCK);
    rc = psutil_proc_cpu_times(p, &t);
    v = theirs(o, pid, "cpu_user", &err);
    if (same_outcome(pid, "cpu_user", rc, err, kthread)) {
        CHECK_NEAR(t.user, atof(v), 3 * tick);
        CHECK_NEAR(t.system, atof(theirs(o, pid, "cpu_system", &err)), 3 * tick);
        CHECK_NEAR(t.children_user, atof(theirs(o, pid, "cpu_cuser", &err)), 3 * tick);
        CHECK_NEAR(t.iowait, atof(theirs(o, pid, "cpu_iowait", &err)), 3 * tick);
    }
    psutil_proc_io_t pio;
    rc = psutil_proc_io_counters(p, &pio);
    v = theirs(o, pid, "io_rchar", &err);
    if (same_outcome(pid, "io_counters", rc, err, kthread) && idle) {
        CHECK(pio.read_chars == strtoull(v, NULL, 10));
        CHECK(pio.read_count == strtoull(theirs(o, pid, "io_syscr", &err), NULL, 10));
    }
    psutil_ctx_switches_t cs;
    rc = psutil_proc_num_ctx_switches(p, &cs);
    v = theirs(o, pid, "ctx_vol", &err);
    if (same_outcome(pid, "ctx_switches", rc, err, kthread) && idle)
        CHECK(cs.voluntary == strtoull(v, NULL, 10) &&
              cs.involuntary == strtoull(theirs(o, pid, "ctx_invol", &err), NULL, 10));

    /* Memory: within two pages when idle (the bound). A busy process (this
     * one) allocates between the two reads, and under ASan its shadow memory and
     * quarantine move RSS by megabytes: 16 MiB. */
    double mtol = idle ? 2.0 * (double)sysconf(_SC_PAGESIZE) : 16.0 * 1048576.0;
    rc = psutil_proc_memory_info(p, &mi);
    v = theirs(o, pid, "rss", &err);
    if (same_outcome(pid, "memory_info", rc, err, kthread)) {
        CHECK_NEAR(mi.rss, atof(v), mtol);
        CHECK_NEAR(mi.vms, atof(theirs(o, pid, "vms", &err)), mtol);
        CHECK_NEAR(mi.shared, atof(theirs(o, pid, "shared", &err)), mtol);
        CHECK_NEAR(mi.text, atof(theirs(o, pid, "text", &err)), mtol);
        CHECK_NEAR(mi.data, atof(theirs(o, pid, "data", &err)), mtol);
    }
    psutil_proc_memory_full_t mf;
    rc = psutil_proc_memory_full_info(p, &mf);
    v = theirs(o, pid, "uss", &err);
    if (same_outcome(pid, "memory_full_info", rc, err, kthread)) {
        CHECK_NEAR(mf.uss, atof(v), mtol);
        /* PSS moves when other processes map or unmap the same pages. */
        CHECK_NEAR(mf.pss, atof(theirs(o, pid, "pss", &err)), 4 * mtol);
        CHECK_NEAR(mf.swap, atof(theirs(o, pid, "swap", &err)), mtol);
    }
    double pct;
    rc = psutil_proc_memory_percent(p, PSUTIL_MEM_RSS, &pct);
    v = theirs(o, pid, "mem_pct", &err);
    if (same_outcome(pid, "memory_percent", rc, err, kthread)) {
        /* The rss tolerance as a share of this machine's memory (MemTotal, read here). */
        char *mi_text = slurp("/proc/meminfo", NULL);
        unsigned long long total_kb = 0;
        CHECK(mi_text && field_u64(mi_text, "MemTotal:", 1, &total_kb) == 0 && total_kb > 0);
        free(mi_text);
        CHECK_NEAR(pct, atof(v), 100.0 * mtol / ((double)total_kb * 1024.0) + 1e-6);
    }

    psutil_memory_map_t *maps;
    rc = psutil_proc_memory_maps(p, 1, &maps, &n);
    v = theirs_str(o, pid, "maps", &err);
    if (same_outcome(pid, "memory_maps", rc, err, kthread) && idle) {
        char **paths = malloc((n ? n : 1) * sizeof(*paths));
        for (size_t i = 0; i < n; i++)
            paths[i] = (char *)maps[i].path;
        qsort(paths, n, sizeof(*paths), cmp_str);
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++)
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? ";" : "", paths[i]);
        CHECK_MSG(strcmp(buf, v) == 0, "%d maps\n  ours   %s\n  psutil %s", pid, buf, v);
        free(paths);
    }
    if (rc == 0)
        psutil_free(maps);

    psutil_proc_t **list;
    rc = psutil_proc_children(p, 1, &list, &n);
    v = theirs_str(o, pid, "children", &err);
    if (same_outcome(pid, "children", rc, err, kthread) && idle) {
        char **txt = malloc((n ? n : 1) * sizeof(*txt));
        for (size_t i = 0; i < n; i++) {
            txt[i] = malloc(24);
            snprintf(txt[i], 24, "%lld", (long long)psutil_proc_pid(list[i]));
        }
        qsort(txt, n, sizeof(*txt), cmp_str); /* psutil's side sorts the pids as text */
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? " " : "", txt[i]);
            free(txt[i]);
        }
        CHECK_MSG(strcmp(buf, v) == 0, "%d children %s vs %s", pid, buf, v);
        free(txt);
    }
    if (rc == 0)
        psutil_proc_list_close(list, n);
    int cpu;
    rc = psutil_proc_cpu_num(p, &cpu);
    v = theirs(o, pid, "cpu_num", &err);
    if (same_outcome(pid, "cpu_num", rc, err, kthread) && idle) /* a sleeper stays put */
        CHECK_MSG(cpu == atoi(v), "%d cpu_num %d vs %s", pid, cpu, v);
    rc = psutil_proc_parents(p, &list, &n);
    v = theirs_str(o, pid, "parents", &err);
    if (same_outcome(pid, "parents", rc, err, kthread)) {
        off = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n; i++)
            off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%lld", i ? " " : "",
                                    (long long)psutil_proc_pid(list[i]));
        CHECK_MSG(strcmp(buf, v) == 0, "%d parents %s vs %s", pid, buf, v);
    }
    if (rc == 0)
        psutil_proc_list_close(list, n);
    psutil_proc_close(p);
}

/* The child: a long-named copy of sleep, exec'd by sh with its own environment and
 * open files, in /tmp, at nice 5. */
static int special_child(void)
{
    char *out;
    CHECK(run("rm -f " SLEEPER " && cp /bin/sleep " SLEEPER
              " && : > /tmp/psutil_w && : > /tmp/psutil_a && "
              "echo hello > /tmp/psutil_rw",
              &out) == 0);
    free(out);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        char *envp[] = {"PSUTIL_TEST=1", "SPACED=a b c", "EMPTY=", "PATH=/usr/bin:/bin", NULL};
        if (chdir("/tmp") != 0)
            _exit(1);
        /* Exactly the four files below: nothing inherited from the test process, and
         * the standard streams on /dev/null (the runner's may be regular files). */
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(1);
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        execle("/bin/sh", "sh", "-c",
               "exec 3</etc/hostname 4>/tmp/psutil_w 5>>/tmp/psutil_a 6<>/tmp/psutil_rw; "
               "exec nice -n 5 " SLEEPER " 1000 1",
               (char *)NULL, envp);
        _exit(127);
    }
    /* Until the exec chain is done: exe is the sleeper. */
    char link[256], exe[64];
    snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
    for (int i = 0; i < 5000; i++) {
        ssize_t n = readlink(exe, link, sizeof(link) - 1);
        if (n > 0) {
            link[n] = '\0';
            if (strcmp(link, SLEEPER) == 0)
                return (int)pid;
        }
        usleep(1000);
    }
    harness_fail(__FILE__, __LINE__, "child never became the sleeper");
}

TEST(every_getter_agrees_with_psutil)
{
    int child = special_child();
    int pids[] = {getpid(), child, 1, 2, getppid()};
    int idle[] = {0, 1, 0, 0, 0};
    char code[16384];
    snprintf(code, sizeof(code), "PIDS = [%d, %d, %d, %d, %d]\n%s", pids[0], pids[1], pids[2],
             pids[3], pids[4], py_fields);
    oracle *o = oracle_start(code);
    for (size_t i = 0; i < 5; i++)
        compare_process(o, pids[i], idle[i]);
    oracle_finish(o);
    /* The child's particulars, stated outright. */
    psutil_proc_t *p;
    char *name;
    CHECK_OK(psutil_proc_open(child, &p));
    CHECK_OK(psutil_proc_name(p, &name));
    CHECK_MSG(strcmp(name, "psutil_test_sleeper_with_a_long_name") == 0, "%s", name);
    psutil_free(name);
    psutil_open_file_t *f;
    size_t n;
    CHECK_OK(psutil_proc_open_files(p, &f, &n));
    for (size_t i = 0; n != 4 && i < n; i++)
        fprintf(stderr, "    open: %d %s %s\n", f[i].fd, f[i].path, f[i].mode);
    CHECK(n == 4);
    CHECK(strcmp(f[0].mode, "r") == 0 && strcmp(f[1].mode, "w") == 0);
    CHECK(strcmp(f[2].mode, "a") == 0 && strcmp(f[3].mode, "r+") == 0);
    psutil_free(f);
    psutil_proc_close(p);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    unlink(SLEEPER);
}

TEST(fields_psutil_lacks_agree_with_proc)
{
    psutil_proc_t *p;
    psutil_page_faults_t pf;
    psutil_proc_memory_ex_t mx;
    char *root, path[64];
    CHECK_OK(psutil_proc_open(getpid(), &p));
    CHECK_OK(psutil_proc_page_faults(p, &pf));
    CHECK_OK(psutil_proc_memory_info_ex(p, &mx));
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)getpid());
    char *stat = slurp(path, NULL);
    unsigned long long minflt, majflt;
    CHECK(sscanf(strrchr(stat, ')') + 2, "%*c %*d %*d %*d %*d %*d %*u %llu %*u %llu", &minflt,
                 &majflt) == 2);
    free(stat);
    CHECK(pf.minor <= minflt && minflt - pf.minor < 1000); /* faults only grow */
    CHECK(pf.major == majflt);
    snprintf(path, sizeof(path), "/proc/%d/status", (int)getpid());
    char *status = slurp(path, NULL);
    unsigned long long hwm, peak;
    CHECK(field_u64(status, "VmHWM:", 1, &hwm) == 0 && field_u64(status, "VmPeak:", 1, &peak) == 0);
    free(status);
    CHECK(mx.peak_rss <= hwm * 1024 && mx.peak_vms <= peak * 1024);
    CHECK(mx.peak_rss >= mx.base.rss - 1024 * 1024);
    CHECK_OK(psutil_proc_root(p, &root));
    CHECK(strcmp(root, "/") == 0);
    psutil_free(root);
    psutil_proc_close(p);
}
