/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_wild.c - processes as they are in the wild: titles rewritten with spaces
 * (setproctitle, perl's $0), figures the process table and the handle must agree on, a
 * ppid cycle in a foreign tree, and lists of 100,000 entries that must be built in linear
 * time. Names and command lines are checked against Debian's python3-psutil.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "proc_util.h"

/* Starts perl with $0 set to title; waits until /proc shows the new command line. */
static int retitled(const char *title)
{
    char code[512];
    snprintf(code, sizeof(code), "$0 = \"%s\"; sleep 30", title);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        execlp("perl", "perl", "-e", code, (char *)NULL);
        _exit(127);
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    for (int i = 0; i < 500; i++) {
        size_t len = 0;
        char *s = slurp(path, &len);
        int done = s && len > 0 && strncmp(s, title, strlen(title)) == 0;
        free(s);
        if (done)
            return (int)pid;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    harness_fail(__FILE__, __LINE__, "perl never retitled itself to '%s'", title);
}

static char *joined_cmdline(psutil_proc_t *p)
{
    char **argv;
    size_t n, len = 0;
    CHECK_OK(psutil_proc_cmdline(p, &argv, &n));
    for (size_t i = 0; i < n; i++)
        len += strlen(argv[i]) + 1;
    char *s = calloc(1, len + 1);
    for (size_t i = 0; i < n; i++) {
        strcat(s, argv[i]);
        if (i + 1 < n)
            strcat(s, "|");
    }
    psutil_free(argv);
    return s;
}

TEST(retitled_processes_follow_psutils_name_rule)
{
    /* comm is the title's first 15 bytes. In the first, argv[0] ("myworker:") does not
     * start with it, so the comm stands; in the second argv[0] does, so it extends it. */
    static const struct {
        const char *title, *name, *cmdline;
    } cases[] = {
        {"myworker: busy processing", "myworker: busy ", "myworker:|busy|processing"},
        {"queue-consumer-process-7: idle",
         "queue-consumer-process-7:", "queue-consumer-process-7:|idle"},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        int pid = retitled(cases[c].title);
        psutil_proc_t *p;
        char *name, code[512];
        CHECK_OK(psutil_proc_open(pid, &p));
        CHECK_OK(psutil_proc_name(p, &name));
        CHECK_MSG(strcmp(name, cases[c].name) == 0, "name '%s', expected '%s'", name,
                  cases[c].name);
        char *cmd = joined_cmdline(p);
        CHECK_MSG(strcmp(cmd, cases[c].cmdline) == 0, "cmdline '%s'", cmd);
        /* The process table gives the same name. */
        psutil_proc_row_t *rows;
        size_t n, found = 0;
        CHECK_OK(psutil_proc_table(PSUTIL_PF_NAME, &rows, &n));
        for (size_t i = 0; i < n; i++)
            if (rows[i].pid == pid) {
                found = 1;
                CHECK_MSG(strcmp(rows[i].name, cases[c].name) == 0, "table name '%s'",
                          rows[i].name);
            }
        CHECK(found);
        psutil_free(rows);
        /* And python3-psutil agrees on both. */
        snprintf(code, sizeof(code),
                 "p = psutil.Process(%d)\n"
                 "print('name', p.name().encode().hex())\n"
                 "print('cmdline', '|'.join(p.cmdline()).encode().hex())\n",
                 pid);
        oracle *o = oracle_start(code);
        CHECK_MSG(strcmp(oracle_str(o, "name"), name) == 0, "psutil says '%s'",
                  oracle_str(o, "name"));
        CHECK_MSG(strcmp(oracle_str(o, "cmdline"), cmd) == 0, "psutil says '%s'",
                  oracle_str(o, "cmdline"));
        oracle_finish(o);
        psutil_free(name);
        free(cmd);
        psutil_proc_close(p);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
}

/* --- lists built in linear time ----------------------------------------------------- */

/* A procfs root in a temporary directory with one process, pid 4243. */
static char tree[256];

static void write_file(const char *rel, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tree, rel);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, len, f) == len);
    fclose(f);
}

static void make_tree(void)
{
    char path[512];
    snprintf(tree, sizeof(tree), "/tmp/psutil-wild-XXXXXX");
    CHECK(mkdtemp(tree) != NULL);
    snprintf(path, sizeof(path), "%s/4243", tree);
    CHECK(mkdir(path, 0755) == 0);
    const char stat[] = "4243 (big) S 1 4243 4243 0 -1 0 1 0 0 0 1 1 0 0 20 0 1 0 100 1000 10 0\n";
    write_file("4243/stat", stat, sizeof(stat) - 1);
    write_file("4243/status", "Tgid:\t4243\n", 11);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, tree));
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* environ of n variables K0=v0 ... plus K5 repeated at the end with the value "again";
 * the same bytes as cmdline, whose reader (split, no lookup) is linear. */
static void write_environ(size_t n)
{
    size_t cap = n * 24 + 64, len = 0;
    char *buf = malloc(cap);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "K%zu=v%zu", i, i) + 1;
    len += (size_t)snprintf(buf + len, cap - len, "K5=again") + 1;
    write_file("4243/environ", buf, len);
    write_file("4243/cmdline", buf, len);
    free(buf);
}

/* smaps of n mappings of n/2 files, each file mapped twice (Rss 4 and 8 kB). */
static void write_smaps(size_t n)
{
    size_t cap = n * 128 + 64, len = 0;
    char *buf = malloc(cap);
    for (size_t i = 0; i < n; i++) {
        unsigned long a = 0x10000000ul + i * 0x2000ul;
        len += (size_t)snprintf(buf + len, cap - len,
                                "%lx-%lx r--p 00000000 fe:00 %zu    /lib/f%zu.so\n"
                                "Size: 8 kB\nRss: %d kB\nPss: 4 kB\n",
                                a, a + 0x1000, i, i % (n / 2), i < n / 2 ? 4 : 8);
    }
    write_file("4243/smaps", buf, len);
    free(buf);
}

/* Best of five CPU times of one call of fn on the tree. */
static double best_cpu(int (*fn)(psutil_proc_t *p, size_t *n), size_t *n)
{
    double best = 1e9;
    for (int r = 0; r < 5; r++) {
        psutil_proc_t *p;
        CHECK_OK(psutil_proc_open(4243, &p));
        double t0 = cpu_now();
        CHECK_OK(fn(p, n));
        double t = cpu_now() - t0;
        best = t < best ? t : best;
        psutil_proc_close(p);
    }
    return best;
}

static int environ_n(psutil_proc_t *p, size_t *n)
{
    psutil_env_var_t *v;
    int rc = psutil_proc_environ(p, &v, n);
    if (rc == 0) {
        /* First occurrence keeps its place, the last value wins (psutil's dict). */
        CHECK(*n > 6 && strcmp(v[5].key, "K5") == 0 && strcmp(v[5].value, "again") == 0);
        CHECK(strcmp(v[6].value, "v6") == 0);
        psutil_free(v);
    }
    return rc;
}

static int cmdline_n(psutil_proc_t *p, size_t *n)
{
    char **v;
    int rc = psutil_proc_cmdline(p, &v, n);
    if (rc == 0)
        psutil_free(v);
    return rc;
}

static int grouped_maps_n(psutil_proc_t *p, size_t *n)
{
    psutil_memory_map_t *v;
    int rc = psutil_proc_memory_maps(p, 1, &v, n);
    if (rc == 0) {
        CHECK(strcmp(v[0].path, "/lib/f0.so") == 0 && v[0].rss == 12 * 1024);
        CHECK(v[*n - 1].size == 16 * 1024 && v[*n - 1].pss == 8 * 1024);
        psutil_free(v);
    }
    return rc;
}

static int maps_n(psutil_proc_t *p, size_t *n)
{
    psutil_memory_map_t *v;
    int rc = psutil_proc_memory_maps(p, 0, &v, n);
    if (rc == 0)
        psutil_free(v);
    return rc;
}

/* stat of pid 4243 with the given CPU ticks (user, system, children's user and system);
 * every other figure distinct, the start time 100 as make_tree writes it. */
static void write_cpu_stat(unsigned ut, unsigned st, unsigned cut, unsigned cst)
{
    char stat[256];
    int n = snprintf(stat, sizeof(stat),
                     "4243 (big) S 1 4243 4243 0 -1 0 11 12 13 14 %u %u %u %u 20 0 1 0 100 "
                     "1000 10 0\n",
                     ut, st, cut, cst);
    write_file("4243/stat", stat, (size_t)n);
}

/* One process on a tree whose every figure is distinct and non-zero, read through every
 * getter and through the process table: a swapped column, a wrong field or a wrong unit
 * (ticks, pages, kB) gives a value that is some other figure of the tree, and fails. */
TEST(every_figure_of_a_process_from_a_tree_of_distinct_values)
{
    make_tree();
    const char stat[] = "4243 (distinct) S 4100 4200 4201 0 4202 4194560 1101 1102 1103 1104 "
                        "1105 1106 1107 1108 15 -5 7 0 5000 123456789 1109 "
                        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 1110 0 0\n";
    write_file("4243/stat", stat, sizeof(stat) - 1);
    const char statm[] = "7001 7002 7003 7004 0 7006 0\n";
    write_file("4243/statm", statm, sizeof(statm) - 1);
    const char io[] = "rchar: 8001\nwchar: 8002\nsyscr: 8003\nsyscw: 8004\nread_bytes: 8005\n"
                      "write_bytes: 8006\ncancelled_write_bytes: 8007\n";
    write_file("4243/io", io, sizeof(io) - 1);
    const char status[] =
        "Name:\tdistinct\nState:\tS (sleeping)\nTgid:\t4243\nPid:\t4243\n"
        "PPid:\t4100\nUid:\t1001\t1002\t1003\t1004\nGid:\t2001\t2002\t2003\t2004\n"
        "VmPeak:\t   9001 kB\nVmSize:\t   9000 kB\nVmHWM:\t   9002 kB\n"
        "VmRSS:\t   8999 kB\nRssAnon:\t   9003 kB\nRssFile:\t   9004 kB\n"
        "RssShmem:\t   9005 kB\nVmSwap:\t   9006 kB\nHugetlbPages:\t   9007 kB\n"
        "Threads:\t7\nvoluntary_ctxt_switches:\t9101\n"
        "nonvoluntary_ctxt_switches:\t9102\n";
    write_file("4243/status", status, sizeof(status) - 1);
    const char sys_stat[] = "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\n"
                            "btime 1700000000\nprocesses 77\n";
    write_file("stat", sys_stat, sizeof(sys_stat) - 1);
    /* fd/ with five descriptors: a fixture directory's size is its filesystem's (4096 on
     * ext4), never the count, which only procfs gives (Linux 6.2+). */
    char fd_dir[600];
    snprintf(fd_dir, sizeof(fd_dir), "%s/4243/fd", tree);
    CHECK(mkdir(fd_dir, 0755) == 0);
    static const char *const fds[] = {"4243/fd/0", "4243/fd/1", "4243/fd/2", "4243/fd/7",
                                      "4243/fd/31"};
    for (size_t i = 0; i < 5; i++)
        write_file(fds[i], "", 0);
    double hz = (double)sysconf(_SC_CLK_TCK);
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(4243, &p));
    int64_t nfds = 0;
    CHECK_OK(psutil_proc_num_fds(p, &nfds));
    CHECK_MSG(nfds == 5, "%lld fds", (long long)nfds);
    psutil_pid_t ppid;
    CHECK_OK(psutil_proc_ppid(p, &ppid));
    CHECK(ppid == 4100);
    int nice = 0, st = -1, cpu = -1;
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == -5);
    CHECK_OK(psutil_proc_status(p, &st));
    CHECK(st == PSUTIL_STATUS_SLEEPING);
    CHECK_OK(psutil_proc_cpu_num(p, &cpu));
    CHECK(cpu == 3);
    int64_t threads = 0;
    CHECK_OK(psutil_proc_num_threads(p, &threads));
    CHECK(threads == 7);
    psutil_proc_cpu_times_t ct;
    CHECK_OK(psutil_proc_cpu_times(p, &ct));
    CHECK_NEAR(ct.user, 1105 / hz, 1e-12);
    CHECK_NEAR(ct.system, 1106 / hz, 1e-12);
    CHECK_NEAR(ct.children_user, 1107 / hz, 1e-12);
    CHECK_NEAR(ct.children_system, 1108 / hz, 1e-12);
    CHECK_NEAR(ct.iowait, 1110 / hz, 1e-12);
    psutil_page_faults_t pf;
    CHECK_OK(psutil_proc_page_faults(p, &pf));
    CHECK(pf.minor == 1101 && pf.major == 1103);
    double created = 0;
    CHECK_OK(psutil_proc_create_time(p, &created));
    CHECK_NEAR(created, 1700000000.0 + 5000 / hz, 1e-6);
    psutil_proc_memory_ex_t mx;
    CHECK_OK(psutil_proc_memory_info_ex(p, &mx));
    CHECK_EQ_U64(mx.base.vms, 7001 * page);
    CHECK_EQ_U64(mx.base.rss, 7002 * page);
    CHECK_EQ_U64(mx.base.shared, 7003 * page);
    CHECK_EQ_U64(mx.base.text, 7004 * page);
    CHECK_EQ_U64(mx.base.data, 7006 * page);
    CHECK_EQ_U64(mx.peak_vms, 9001 * 1024);
    CHECK_EQ_U64(mx.peak_rss, 9002 * 1024);
    CHECK_EQ_U64(mx.rss_anon, 9003 * 1024);
    CHECK_EQ_U64(mx.rss_file, 9004 * 1024);
    CHECK_EQ_U64(mx.rss_shmem, 9005 * 1024);
    CHECK_EQ_U64(mx.swap, 9006 * 1024);
    CHECK_EQ_U64(mx.hugetlb, 9007 * 1024);
    psutil_proc_io_t pio;
    CHECK_OK(psutil_proc_io_counters(p, &pio));
    CHECK_EQ_U64(pio.read_chars, 8001);
    CHECK_EQ_U64(pio.write_chars, 8002);
    CHECK_EQ_U64(pio.read_count, 8003);
    CHECK_EQ_U64(pio.write_count, 8004);
    CHECK_EQ_U64(pio.read_bytes, 8005);
    CHECK_EQ_U64(pio.write_bytes, 8006);
    psutil_ids_t u, g;
    CHECK_OK(psutil_proc_uids(p, &u));
    CHECK_OK(psutil_proc_gids(p, &g));
    CHECK(u.real == 1001 && u.effective == 1002 && u.saved == 1003);
    CHECK(g.real == 2001 && g.effective == 2002 && g.saved == 2003);
    psutil_ctx_switches_t cs;
    CHECK_OK(psutil_proc_num_ctx_switches(p, &cs));
    CHECK(cs.voluntary == 9101 && cs.involuntary == 9102);
    psutil_proc_close(p);
    /* The table reads the same files through its own code: the same figures. */
    psutil_proc_row_t *t;
    size_t n;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &n));
    CHECK(n == 1 && t[0].pid == 4243);
    const psutil_proc_row_t *r = &t[0];
    uint32_t want = PSUTIL_PF_PPID | PSUTIL_PF_UIDS | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |
                    PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED |
                    PSUTIL_PF_NUM_THREADS | PSUTIL_PF_NICE | PSUTIL_PF_IO | PSUTIL_PF_CTX_SWITCHES;
    CHECK_MSG((r->have & want) == want, "have 0x%x", r->have);
    CHECK(r->ppid == 4100 && r->pgrp == 4200 && r->session == 4201 && r->tpgid == 4202);
    CHECK(r->start == 5000 && r->nice == -5 && r->num_threads == 7);
    CHECK(r->status == PSUTIL_STATUS_SLEEPING);
    CHECK(r->uids.real == 1001 && r->uids.effective == 1002 && r->uids.saved == 1003);
    CHECK_NEAR(r->cpu.user, 1105 / hz, 1e-12);
    CHECK_NEAR(r->cpu.system, 1106 / hz, 1e-12);
    CHECK_NEAR(r->cpu.children_user, 1107 / hz, 1e-12);
    CHECK_NEAR(r->cpu.children_system, 1108 / hz, 1e-12);
    CHECK_NEAR(r->cpu.iowait, 1110 / hz, 1e-12);
    CHECK_NEAR(r->create_time, 1700000000.0 + 5000 / hz, 1e-6);
    CHECK_EQ_U64(r->vms, 7001 * page);
    CHECK_EQ_U64(r->rss, 7002 * page);
    CHECK_EQ_U64(r->shared, 7003 * page);
    CHECK(r->io.read_chars == 8001 && r->io.write_chars == 8002 && r->io.read_count == 8003 &&
          r->io.write_count == 8004 && r->io.read_bytes == 8005 && r->io.write_bytes == 8006);
    CHECK(r->ctx.voluntary == 9101 && r->ctx.involuntary == 9102);
    CHECK_MSG((r->have & PSUTIL_PF_NUM_FDS) && r->num_fds == 5, "%lld fds", (long long)r->num_fds);
    psutil_free(t);
    /* And the monitor, which keeps fd/ open and counts it from its start each time. */
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *mr;
    size_t mn;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_NUM_FDS, &m));
    for (int k = 0; k < 2; k++) {
        CHECK_OK(psutil_proc_monitor_refresh(m, &mr, NULL, &mn));
        CHECK(mn == 1 && mr[0].num_fds == 5);
    }
    psutil_proc_monitor_free(m);
    /* A file missing from a live process: an OS error naming the file, not "gone". */
    char io_path[512];
    snprintf(io_path, sizeof(io_path), "%s/4243/io", tree);
    CHECK(unlink(io_path) == 0);
    CHECK_OK(psutil_proc_open(4243, &p));
    psutil_error_info_t e;
    CHECK_RC(psutil_proc_io_counters(p, &pio), PSUTIL_EOS);
    CHECK(psutil_last_error(&e) == 0 && e.os_errno == ENOENT);
    CHECK_MSG(strcmp(e.path, io_path) == 0, "path '%s'", e.path);
    psutil_proc_close(p);
    /* A field bit this library does not know (a newer program's) is accepted, ignored
     * and never reported in `have`. */
    CHECK_OK(psutil_proc_table(PSUTIL_PF_PPID | PSUTIL_PF_NICE | (1u << 30), &t, &n));
    CHECK(n == 1 && t[0].have == (PSUTIL_PF_PPID | PSUTIL_PF_NICE) && t[0].ppid == 4100 &&
          t[0].nice == -5);
    psutil_free(t);
}

/* Process CPU percent from known tick deltas: user and system count, the children's do
 * not, a counter that goes backwards gives 0, never less. The wall time between the two
 * calls is bracketed by readings taken around them (the 200 ms sleep only lets time
 * pass, so the bracket is narrow next to the 30 : 37 : 107 ticks that a wrong field would
 * give). */
TEST(process_cpu_percent_from_known_stat_deltas)
{
    double hz = (double)sysconf(_SC_CLK_TCK), pct = -1;
    make_tree();
    write_cpu_stat(100, 50, 400, 300);
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(4243, &p));
    double t0 = now();
    CHECK_OK(psutil_proc_cpu_percent(p, &pct));
    double t1 = now();
    CHECK(pct == 0.0);                 /* the first call has nothing to compare with */
    write_cpu_stat(130, 57, 900, 500); /* 30 ticks user, 7 system; children 500 and 200 */
    usleep(200000);
    double t2 = now();
    CHECK_OK(psutil_proc_cpu_percent(p, &pct));
    double t3 = now();
    double cpu = 37.0 / hz;
    CHECK_BETWEEN(pct, cpu / (t3 - t0) * 100.0, cpu / (t2 - t1) * 100.0, 1e-9);
    write_cpu_stat(120, 57, 900, 500); /* user went backwards */
    CHECK_OK(psutil_proc_cpu_percent(p, &pct));
    CHECK(pct == 0.0);
    /* The next interval starts from the backwards reading: 5 user + 3 system ticks. */
    write_cpu_stat(125, 60, 900, 500);
    usleep(200000);
    t0 = now();
    CHECK_OK(psutil_proc_cpu_percent(p, &pct));
    t1 = now();
    CHECK(pct > 0.0);
    psutil_proc_cpu_times_t ct;
    CHECK_OK(psutil_proc_cpu_times(p, &ct));
    CHECK_NEAR(ct.user, 125.0 / hz, 1e-12);
    CHECK_NEAR(ct.system, 60.0 / hz, 1e-12);
    CHECK_NEAR(ct.children_user, 900.0 / hz, 1e-12);
    CHECK_NEAR(ct.children_system, 500.0 / hz, 1e-12);
    CHECK_RC(psutil_proc_cpu_percent(p, NULL), PSUTIL_EINVAL);
    psutil_proc_close(p);
}

/* Timing by ratio, never by absolute time, and between two calls over the same bytes so
 * that page faults and caches (which make the ratio of two sizes noisy on a VM) cancel:
 * environ of 100,000 variables against the same bytes as a cmdline (read and split, no
 * lookup), grouped maps of 60,000 mappings against ungrouped ones. Measured here: environ
 * costs about 40 times the bare split (a hash probe and three appends per variable) and
 * grouped maps about what ungrouped ones cost; the quadratic builders cost about 20,000
 * and 40 times. The bounds, 200 and 10, leave room on both sides. */
TEST(environ_and_grouped_maps_grow_linearly)
{
    size_t n, m;
    make_tree();
    write_environ(100000);
    double env = best_cpu(environ_n, &n), cmd = best_cpu(cmdline_n, &m);
    CHECK_EQ_U64(n, 100000);
    CHECK_EQ_U64(m, 100001);
    CHECK_MSG(env < 200 * cmd + 0.005, "environ: %.4f s, the same bytes as cmdline %.4f s", env,
              cmd);
    write_smaps(60000);
    double grouped = best_cpu(grouped_maps_n, &n), plain = best_cpu(maps_n, &m);
    CHECK_EQ_U64(n, 30000);
    CHECK_EQ_U64(m, 60000);
    CHECK_MSG(grouped < 10 * plain + 0.005, "maps: grouped %.4f s, ungrouped %.4f s", grouped,
              plain);
    char cmdrm[300];
    snprintf(cmdrm, sizeof(cmdrm), "rm -rf %s", tree);
    CHECK(system(cmdrm) == 0);
}

/* --- trees that are not trees ------------------------------------------------------- */

static size_t parents_of(psutil_pid_t pid, psutil_pid_t *first)
{
    psutil_proc_t *p, **list;
    size_t n;
    CHECK_OK(psutil_proc_open(pid, &p));
    CHECK_OK(psutil_proc_parents(p, &list, &n));
    *first = n ? psutil_proc_pid(list[0]) : -1;
    psutil_proc_list_close(list, n);
    psutil_proc_close(p);
    return n;
}

TEST(parents_and_children_end_on_a_ppid_cycle)
{
    psutil_pid_t first;
    /* 100 and 200 name each other and started in the same tick. */
    use_roots("wild/ppid-cycle/proc", NULL, NULL);
    CHECK_EQ_U64(parents_of(100, &first), 1);
    CHECK(first == 200);
    /* 300 -> 302 -> 301 -> 300, all of one start tick. */
    use_roots("wild/ppid-cycle3/proc", NULL, NULL);
    CHECK_EQ_U64(parents_of(300, &first), 2);
    CHECK(first == 302);
    psutil_proc_t *p, **kids;
    size_t n;
    CHECK_OK(psutil_proc_open(300, &p));
    CHECK_OK(psutil_proc_children(p, 1, &kids, &n));
    CHECK_EQ_U64(n, 2); /* 301 and 302, each once */
    psutil_proc_list_close(kids, n);
    psutil_proc_close(p);
}

TEST(a_chain_of_1100_processes_walks_both_ways)
{
    char dir[256], cmd[600];
    snprintf(dir, sizeof(dir), "/tmp/psutil-chain-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "sh %s/tests/fixtures/linux/wild/gen_chain.sh %s 1100", source_dir(),
             dir);
    CHECK(system(cmd) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    psutil_pid_t first;
    CHECK_EQ_U64(parents_of(1100, &first), 1099);
    CHECK(first == 1099);
    psutil_proc_t *p, **kids;
    size_t n;
    CHECK_OK(psutil_proc_open(1, &p));
    CHECK_OK(psutil_proc_children(p, 1, &kids, &n));
    CHECK_EQ_U64(n, 1099);
    CHECK(psutil_proc_pid(kids[1098]) == 1100);
    psutil_proc_list_close(kids, n);
    psutil_proc_close(p);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* --- a moved procfs root -------------------------------------------------------------- */

/* A tree in which pid `child` (alive, ours) is another process started at tick 12345. */
static void foreign_tree(char *dir, size_t size, pid_t child)
{
    char path[600];
    snprintf(dir, size, "/tmp/psutil-foreign-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/%d", dir, (int)child);
    CHECK(mkdir(path, 0755) == 0);
    snprintf(path, sizeof(path), "%s/%d/stat", dir, (int)child);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fprintf(f,
            "%d (fixtureproc) S 1 %d %d 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 12345 "
            "1000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
            (int)child, (int)child, (int)child);
    fclose(f);
    snprintf(path, sizeof(path), "%s/%d/status", dir, (int)child);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fprintf(f, "Name:\tfixtureproc\nTgid:\t%d\nUid:\t0\t0\t0\t0\n", (int)child);
    fclose(f);
}

TEST(a_handle_from_a_moved_root_never_acts_on_a_live_process_it_did_not_read)
{
    int child = child_sleeping();
    char dir[256], cmd[300];
    foreign_tree(dir, sizeof(dir), child);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    psutil_proc_t *p;
    CHECK_OK(psutil_proc_open(child, &p));
    char *name;
    CHECK_OK(psutil_proc_name(p, &name)); /* reading the tree is fine */
    CHECK(strcmp(name, "fixtureproc") == 0);
    psutil_free(name);
    psutil_rlimit_t lim = {7, 7};
    psutil_ionice_t io = {.ioclass = -1, .value = -1};
    int *cpus = NULL;
    size_t n = 0;
    CHECK_RC(psutil_proc_terminate(p), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_kill(p), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_send_signal(p, 0), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_set_nice(p, 10), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, &lim), PSUTIL_EACCES);
    CHECK(lim.soft == 7);
    CHECK_RC(psutil_proc_set_rlimit(p, PSUTIL_RLIMIT_CORE, (psutil_rlimit_t){0, 0}), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_ionice(p, &io), PSUTIL_EACCES);
    CHECK(io.ioclass == -1);
    CHECK_RC(psutil_proc_set_ionice(p, PSUTIL_IOPRIO_CLASS_IDLE, 0), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_cpu_affinity(p, &cpus, &n), PSUTIL_EACCES);
    CHECK_RC(psutil_proc_set_cpu_affinity(p, (int[]){0}, 1), PSUTIL_EACCES);
    psutil_exit_t ex;
    CHECK_RC(psutil_proc_wait(p, 0.05, &ex), PSUTIL_EACCES);
    psutil_error_info_t e;
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(strcmp(e.path, dir) == 0, "path %s", e.path);
    psutil_proc_close(p);
    /* The live child is untouched: still running, its nice and limits unchanged. */
    int st;
    CHECK(waitpid(child, &st, WNOHANG) == 0);
    CHECK(kill(child, 0) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, NULL));
    psutil_proc_t *live;
    int nice;
    CHECK_OK(psutil_proc_open(child, &live));
    CHECK_OK(psutil_proc_nice(live, &nice));
    CHECK(nice == 0);
    psutil_proc_close(live);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

TEST(a_moved_root_that_is_the_live_procfs_still_acts)
{
    /* A path to the caller's own procfs that is not "/proc" (a symlink here, a bind mount
     * in a container): identity is proven against the live process and signals go. */
    char link[64];
    snprintf(link, sizeof(link), "/tmp/psutil-liveproc-%d", (int)getpid());
    unlink(link);
    CHECK(symlink("/proc", link) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, link));
    int child = child_sleeping();
    psutil_proc_t *p;
    psutil_exit_t ex;
    CHECK_OK(psutil_proc_open(child, &p));
    CHECK_OK(psutil_proc_set_nice(p, 3));
    CHECK_OK(psutil_proc_terminate(p));
    CHECK_OK(psutil_proc_wait(p, 5, &ex));
    CHECK(ex.known && ex.exit_code == -SIGTERM);
    psutil_proc_close(p);
    unlink(link);
}

/* --- long timeouts ------------------------------------------------------------------- */

static int child_exiting_later(int code)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        usleep(200000);
        _exit(code);
    }
    return (int)pid;
}

/* +Inf and timeouts beyond poll's INT_MAX milliseconds (~24.8 days) are long waits: the
 * child is reaped with its code, with no double converted outside int's range (clang's
 * UBSan in CI stops on one), with and without pidfds. */
TEST(infinite_and_month_long_wait_timeouts_reap_the_child)
{
    const double timeouts[] = {INFINITY, 3e6, 1e300, INFINITY, 3e6};
    for (size_t i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
        psutil_proc_t *p;
        psutil_exit_t ex;
        psutil__test_no_pidfd(i >= 3); /* the last two: kernels without pidfds */
        int pid = child_exiting_later(7);
        CHECK_OK(psutil_proc_open(pid, &p));
        CHECK_OK(psutil_proc_wait(p, timeouts[i], &ex));
        CHECK(ex.known && ex.exit_code == 7);
        psutil_proc_close(p);
        pid = child_exiting_later(9);
        int gone = 0;
        CHECK_OK(psutil_proc_open(pid, &p));
        CHECK_OK(psutil_wait_procs(&p, 1, timeouts[i], NULL, NULL, &gone, &ex));
        CHECK(gone == 1 && ex.known && ex.exit_code == 9);
        psutil_proc_close(p);
    }
    psutil__test_no_pidfd(0);
}
