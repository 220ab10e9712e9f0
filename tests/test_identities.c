/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_identities.c - identities that differ where it matters (issue 19): a child whose
 * real, effective and saved uids and gids are all different (setresuid, setresgid), read
 * through the handle and the process table and checked against /proc/PID/status read
 * directly, procps ps and python3-psutil; and a status fixture with four distinct ids, so a
 * swapped column in the Uid:/Gid: parser cannot pass.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "linux/linux.h"

TEST(uid_and_gid_columns_land_in_real_effective_saved)
{
    static const char status[] = "Name:\tx\nUid:\t1001\t1002\t1003\t1004\n"
                                 "Gid:\t2001\t2002\t2003\t2004\n";
    psutil_ids_t u, g;
    CHECK_OK(psutil__parse_ids(status, sizeof(status) - 1, "Uid", &u));
    CHECK_OK(psutil__parse_ids(status, sizeof(status) - 1, "Gid", &g));
    CHECK(u.real == 1001 && u.effective == 1002 && u.saved == 1003);
    CHECK(g.real == 2001 && g.effective == 2002 && g.saved == 2003);
}

/* A child with uids 1001/1002/1003 and gids 2001/2002/2003 (none has a passwd entry, so
 * names are the numbers), pausing. */
static pid_t child_with_ids(void)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (setresgid(2001, 2002, 2003) != 0 || setresuid(1001, 1002, 1003) != 0)
            _exit(3);
        pause();
        _exit(0);
    }
    for (int i = 0; i < 200; i++) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        char *s = slurp(path, NULL);
        int ready = s && strstr(s, "Uid:\t1001\t1002\t1003");
        free(s);
        if (ready)
            return pid;
        usleep(10000);
    }
    harness_fail(__FILE__, __LINE__, "the child never changed its ids");
}

TEST(distinct_real_effective_saved_ids_agree_with_proc_ps_and_psutil)
{
    NEED(getuid() == 0, "needs root to give a child other ids (CI runs as root)");
    pid_t pid = child_with_ids();
    psutil_proc_t *p;
    psutil_ids_t u, g;
    char *name;
    CHECK_OK(psutil_proc_open(pid, &p));
    CHECK_OK(psutil_proc_uids(p, &u));
    CHECK_OK(psutil_proc_gids(p, &g));
    CHECK(u.real == 1001 && u.effective == 1002 && u.saved == 1003);
    CHECK(g.real == 2001 && g.effective == 2002 && g.saved == 2003);
    /* Process.username: the real uid's name (no passwd entry: the number). */
    CHECK_OK(psutil_proc_username(p, &name));
    CHECK_MSG(strcmp(name, "1001") == 0, "username %s", name);
    psutil_free(name);
    psutil_proc_close(p);
    /* The table: uids from status; username psutil's (the real uid's, as the handle's);
     * euser and euid the owner of the /proc/PID directory (ps's USER). */
    psutil_proc_row_t *rows;
    size_t n, found = 0;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_UIDS | PSUTIL_PF_USERNAME | PSUTIL_PF_EUSER, &rows, &n));
    for (size_t i = 0; i < n; i++)
        if (rows[i].pid == pid) {
            found = 1;
            CHECK(rows[i].uids.real == 1001 && rows[i].uids.effective == 1002 &&
                  rows[i].uids.saved == 1003);
            CHECK_MSG(strcmp(rows[i].username, "1001") == 0, "username %s", rows[i].username);
            CHECK(rows[i].euid == 1002 && strcmp(rows[i].euser, "1002") == 0);
        }
    CHECK(found);
    psutil_free(rows);
    /* procps: ps's effective, real and saved users. */
    char cmd[128], *out;
    snprintf(cmd, sizeof(cmd), "ps -o euid=,ruid=,suid=,egid=,rgid=,sgid= -p %d", (int)pid);
    CHECK(run(cmd, &out) == 0 && out);
    long e, r, sv, eg, rg, sg;
    CHECK(sscanf(out, "%ld %ld %ld %ld %ld %ld", &e, &r, &sv, &eg, &rg, &sg) == 6);
    CHECK(e == 1002 && r == 1001 && sv == 1003 && eg == 2002 && rg == 2001 && sg == 2003);
    free(out);
    /* python3-psutil, the same three of each and the username. */
    char code[256];
    snprintf(code, sizeof(code),
             "p = psutil.Process(%d)\nu = p.uids(); g = p.gids()\n"
             "print('u', u.real * 1000000 + u.effective * 1000 + u.saved)\n"
             "print('g', g.real * 1000000 + g.effective * 1000 + g.saved)\n"
             "print('name', p.username().encode().hex())\n",
             (int)pid);
    oracle *o = oracle_start(code);
    CHECK(oracle_get(o, "u") == 1001.0 * 1000000 + 1002 * 1000 + 1003);
    CHECK(oracle_get(o, "g") == 2001.0 * 1000000 + 2002 * 1000 + 2003);
    CHECK(strcmp(oracle_str(o, "name"), "1001") == 0);
    oracle_finish(o);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* A child that reads and writes so every I/O counter moves and all six differ: direct
 * (O_DIRECT) writes and reads of a file on the build directory's disk for write_bytes and
 * read_bytes, plus small reads of /dev/zero for the syscall and character counts. */
TEST(every_io_counter_of_a_reading_writing_child_is_its_own)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/io-probe.bin", build_dir());
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        void *buf;
        char small[100];
        if (posix_memalign(&buf, 4096, 4096) != 0)
            _exit(3);
        memset(buf, 'w', 4096);
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
        if (fd < 0)
            _exit(4);
        for (int i = 0; i < 2; i++)
            if (write(fd, buf, 4096) != 4096)
                _exit(5);
        fsync(fd);
        lseek(fd, 0, SEEK_SET);
        /* Read back six times: 12 direct reads from storage, so read_bytes is far from
         * write_bytes whatever else the kernel charges the child (journal, metadata). */
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 6; k++) {
                lseek(fd, (off_t)i * 4096, SEEK_SET);
                if (read(fd, buf, 4096) != 4096)
                    _exit(6);
            }
        int z = open("/dev/zero", O_RDONLY);
        for (int i = 0; i < 7; i++)
            if (read(z, small, sizeof(small)) != (ssize_t)sizeof(small))
                _exit(7);
        close(z);
        close(fd);
        if (write(ready[1], "x", 1) != 1)
            _exit(8);
        pause();
        _exit(0);
    }
    char c;
    close(ready[1]);
    int got = (int)read(ready[0], &c, 1);
    close(ready[0]);
    if (got != 1) {
        int st;
        waitpid(pid, &st, 0);
        unlink(path);
        NEED(0, "O_DIRECT I/O failed in %s (exit %d): its filesystem does not take it", path,
             WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    psutil_proc_t *p;
    psutil_proc_io_t io;
    CHECK_OK(psutil_proc_open(pid, &p));
    CHECK_OK(psutil_proc_io_counters(p, &io));
    psutil_proc_close(p);
    /* The kernel's own file, read directly: the child is idle, so nothing moved since. */
    char file[64];
    snprintf(file, sizeof(file), "/proc/%d/io", (int)pid);
    char *text = slurp(file, NULL);
    unsigned long long rchar, wchar, syscr, syscw, rb, wb;
    CHECK(text && field_u64(text, "rchar:", 1, &rchar) == 0 &&
          field_u64(text, "wchar:", 1, &wchar) == 0 && field_u64(text, "syscr:", 1, &syscr) == 0 &&
          field_u64(text, "syscw:", 1, &syscw) == 0 &&
          field_u64(text, "read_bytes:", 1, &rb) == 0 &&
          field_u64(text, "write_bytes:", 1, &wb) == 0);
    free(text);
    CHECK_EQ_U64(io.read_chars, rchar);
    CHECK_EQ_U64(io.write_chars, wchar);
    CHECK_EQ_U64(io.read_count, syscr);
    CHECK_EQ_U64(io.write_count, syscw);
    CHECK_EQ_U64(io.read_bytes, rb);
    CHECK_EQ_U64(io.write_bytes, wb);
    /* What the child did, so no two fields can stand in for each other. */
    CHECK(io.read_bytes >= 12 * 4096 && io.write_bytes >= 2 * 4096);
    CHECK(io.read_chars >= 12 * 4096 + 700 && io.write_chars >= 2 * 4096 + 1);
    CHECK(io.read_count >= 19 && io.write_count >= 3 && io.read_count != io.write_count);
    const uint64_t all[6] = {io.read_count,  io.write_count, io.read_bytes,
                             io.write_bytes, io.read_chars,  io.write_chars};
    for (int i = 0; i < 6; i++)
        for (int k = i + 1; k < 6; k++)
            CHECK_MSG(all[i] != all[k], "io fields %d and %d are both %llu", i, k,
                      (unsigned long long)all[i]);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    unlink(path);
}

/* --- CPU arithmetic on pairs of /proc/stat files (issue 19) ------------------------------ */

static char stat_root[64];

static void write_stat(const char *text)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/stat", stat_root);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* Deltas between the two files, all distinct: user 101, nice 23, system 37, idle 149,
 * iowait 41, irq 3, softirq 11, steal 13, guest 17 (inside user), guest_nice 5 (inside
 * nice): total 378 (guest left out), busy 378 - 149 - 41 = 188. cpu1 has a counter that
 * goes backwards (user 500 -> 400), which counts as 0. */
static const char stat_a[] = "cpu  1000 200 300 4000 500 60 70 80 90 10\n"
                             "cpu0 500 100 150 2000 250 30 35 40 45 5\n"
                             "cpu1 500 100 150 2000 250 30 35 40 45 5\n"
                             "ctxt 1\nbtime 1700000000\n";
static const char stat_b[] = "cpu  1101 223 337 4149 541 63 81 93 107 15\n"
                             "cpu0 600 110 160 2050 260 30 35 40 45 5\n"
                             "cpu1 400 100 170 2060 250 30 35 40 45 5\n"
                             "ctxt 2\nbtime 1700000000\n";

TEST(cpu_percentages_from_known_deltas)
{
    snprintf(stat_root, sizeof(stat_root), "/tmp/psutil-cpu-XXXXXX");
    CHECK(mkdtemp(stat_root) != NULL);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, stat_root));
    psutil_cpu_sampler_t s, t;
    double pct;
    psutil_cpu_times_t m;
    psutil_cpu_percent_t *per;
    size_t n;
    CHECK_OK(psutil_cpu_sampler_init(&s));
    CHECK_OK(psutil_cpu_sampler_init(&t));
    write_stat(stat_a);
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    CHECK(pct == 0.0); /* no previous sample */
    CHECK_OK(psutil_cpu_times_percent(&t, &m));
    CHECK_OK(psutil_cpu_percent_percpu(&s, &per, &n));
    psutil_free(per);
    write_stat(stat_b);
    /* The times themselves, every column in its place (ticks / CLK_TCK, as psutil: guest
     * stays inside user, as the kernel counts it). */
    double hz = (double)sysconf(_SC_CLK_TCK);
    psutil_cpu_times_t ct, *pc;
    CHECK_OK(psutil_cpu_times(&ct));
    CHECK_NEAR(ct.user, 1101 / hz, 1e-9);
    CHECK_NEAR(ct.nice, 223 / hz, 1e-9);
    CHECK_NEAR(ct.system, 337 / hz, 1e-9);
    CHECK_NEAR(ct.idle, 4149 / hz, 1e-9);
    CHECK_NEAR(ct.iowait, 541 / hz, 1e-9);
    CHECK_NEAR(ct.irq, 63 / hz, 1e-9);
    CHECK_NEAR(ct.softirq, 81 / hz, 1e-9);
    CHECK_NEAR(ct.steal, 93 / hz, 1e-9);
    CHECK_NEAR(ct.guest, 107 / hz, 1e-9);
    CHECK_NEAR(ct.guest_nice, 15 / hz, 1e-9);
    CHECK_OK(psutil_cpu_times_percpu(&pc, &n));
    CHECK(n == 2 && pc[1].cpu == 1);
    CHECK_NEAR(pc[1].user, 400 / hz, 1e-9);
    CHECK_NEAR(pc[1].system, 170 / hz, 1e-9);
    CHECK_NEAR(pc[1].idle, 2060 / hz, 1e-9);
    psutil_free(pc);
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    CHECK_NEAR(pct, 188.0 / 378.0 * 100.0, 1e-9);
    CHECK_OK(psutil_cpu_times_percent(&t, &m));
    CHECK_NEAR(m.user, 101.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.nice, 23.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.system, 37.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.idle, 149.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.iowait, 41.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.irq, 3.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.softirq, 11.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.steal, 13.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.guest, 17.0 / 378.0 * 100.0, 1e-9);
    CHECK_NEAR(m.guest_nice, 5.0 / 378.0 * 100.0, 1e-9);
    /* Per CPU: cpu0's deltas 100 10 10 50 10 (busy 120 of 180); cpu1's user went back,
     * so its deltas are 0 0 20 60 0: busy 20 of 80. */
    CHECK_OK(psutil_cpu_percent_percpu(&s, &per, &n));
    CHECK_EQ_U64(n, 2);
    CHECK(per[0].cpu == 0 && per[1].cpu == 1);
    CHECK_NEAR(per[0].percent, 120.0 / 180.0 * 100.0, 1e-9);
    CHECK_NEAR(per[1].percent, 20.0 / 80.0 * 100.0, 1e-9);
    psutil_free(per);
    /* No time passed (the same file again): 0 everywhere, not 100 and not NaN. */
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    CHECK(pct == 0.0);
    CHECK_OK(psutil_cpu_times_percent(&t, &m));
    CHECK(m.user == 0.0 && m.idle == 0.0 && m.iowait == 0.0);
    psutil_cpu_sampler_destroy(&s);
    psutil_cpu_sampler_destroy(&t);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", stat_root);
    CHECK(system(cmd) == 0);
}
