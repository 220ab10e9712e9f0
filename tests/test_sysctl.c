/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_sysctl.c - psutil_sysctl against procps's sysctl(8) on this machine (one value,
 * several, a name with '/', one past INT64_MAX), its refusals (names, text values,
 * absent tunables: nothing written) and truncation; psutil_net_conntrack summed over
 * three CPUs of a fixture with distinct figures, and live against the kernel's count;
 * psutil_cpu_schedstat on an odd file and live against /proc/schedstat (or its absence).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* sysctl -n NAME's integers (at most 4); their count, or -1 when sysctl fails. */
static int procps(const char *name, long long *v)
{
    char cmd[256], *out = NULL;
    snprintf(cmd, sizeof(cmd), "sysctl -n %s 2>/dev/null", name);
    int n = -1;
    if (run(cmd, &out) == 0 && out) {
        char *p = out, *e;
        for (n = 0; n < 4; n++) {
            v[n] = strtoll(p, &e, 10);
            if (e == p)
                break;
            p = e;
        }
    }
    free(out);
    return n;
}

TEST(sysctl_agrees_with_procps)
{
    char *probe = NULL;
    NEED(run("sysctl -n kernel.pid_max", &probe) == 0, "procps's sysctl is not installed");
    free(probe);
    static const char *const fixed[] = {
        "kernel.pid_max", "kernel.random.poolsize", "net.ipv4.ip_local_port_range",
        "fs.nr_open",     "kernel/threads-max",     "vm.overcommit_ratio"};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        long long want[4];
        int k = procps(fixed[i], want);
        CHECK_MSG(k > 0, "sysctl -n %s", fixed[i]);
        int64_t v[4] = {-7, -7, -7, -7};
        size_t n = 99;
        CHECK_OK(psutil_sysctl(fixed[i], v, 4, &n));
        CHECK_EQ_U64(n, (uint64_t)k);
        for (int j = 0; j < k && j < 4; j++)
            CHECK_MSG(v[j] == want[j], "%s[%d]: %lld, sysctl %lld", fixed[i], j, (long long)v[j],
                      want[j]);
    }
    /* fs.file-nr: allocated moves, the maximum does not. */
    long long before[4], after[4];
    int64_t fd[3];
    size_t n;
    CHECK(procps("fs.file-nr", before) == 3);
    CHECK_OK(psutil_sysctl("fs.file-nr", fd, 3, &n));
    CHECK(procps("fs.file-nr", after) == 3);
    CHECK_EQ_U64(n, 3);
    CHECK_BETWEEN(fd[0], before[0] < after[0] ? before[0] : after[0],
                  before[0] < after[0] ? after[0] : before[0], 256);
    CHECK(fd[2] == after[2] && fd[2] > 0);
    /* Fewer slots than values: the first ones, and the count of all. */
    int64_t one = -7;
    CHECK_OK(psutil_sysctl("net.ipv4.ip_local_port_range", &one, 1, &n));
    CHECK_EQ_U64(n, 2);
    long long range[4];
    CHECK(procps("net.ipv4.ip_local_port_range", range) == 2 && one == range[0]);
    CHECK_OK(psutil_sysctl("net.ipv4.ip_local_port_range", NULL, 0, &n));
    CHECK_EQ_U64(n, 2);
    /* kernel.shmmax is an unsigned long that may pass INT64_MAX: it saturates. */
    char *text = slurp("/proc/sys/kernel/shmmax", NULL);
    CHECK(text != NULL);
    unsigned long long raw = strtoull(text, NULL, 10);
    free(text);
    CHECK_OK(psutil_sysctl("kernel.shmmax", &one, 1, &n));
    CHECK(one == (raw > (unsigned long long)INT64_MAX ? INT64_MAX : (int64_t)raw));
}

TEST(sysctl_refuses_bad_names_and_text_values_writing_nothing)
{
    static const char *const bad[] = {"",        ".",           "..",        "kernel..pid_max",
                                      ".kernel", "kernel.",     "kernel/..", "../etc/passwd",
                                      "/etc",    "kernel/../.."};
    int64_t v = -7;
    size_t n = 99;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_MSG(psutil_sysctl(bad[i], &v, 1, &n) == PSUTIL_EINVAL, "'%s' was taken", bad[i]);
        CHECK(v == -7 && n == 99);
    }
    CHECK_RC(psutil_sysctl(NULL, &v, 1, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_sysctl("kernel.pid_max", NULL, 1, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_sysctl("kernel.pid_max", &v, 1, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_sysctl("kernel.hostname", &v, 1, &n), PSUTIL_EPARSE);
    psutil_error_info_t e;
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(strstr(e.path, "sys/kernel/hostname") != NULL, "path %s", e.path);
    CHECK_RC(psutil_sysctl("kernel.no_such_tunable", &v, 1, &n), PSUTIL_EOS);
    CHECK(v == -7 && n == 99);
}

/* The fixture's three CPU lines, summed by column: each figure distinct and non-zero;
 * entries (0x6c5) is the table's size on every line, taken once. */
TEST(conntrack_sums_the_cpus_of_a_fixture)
{
    static const struct {
        const char *name;
        int64_t value;
    } want[] = {{"conntrack_entries", 0x6c5},
                {"conntrack_searched", 0xa + 0x14 + 0x1e},
                {"conntrack_found", 0x3e9 + 0x7d1 + 0xbb9},
                {"conntrack_new", 0x11 + 0x13 + 0x19},
                {"conntrack_invalid", 0x1d + 0x1f + 0x21},
                {"conntrack_ignore", 0xbb9 + 0xfa1 + 0x1389},
                {"conntrack_delete", 0x7 + 0x17 + 0x27},
                {"conntrack_delete_list", 0x5 + 0x15 + 0x25},
                {"conntrack_insert", 0x65 + 0xc9 + 0x12d},
                {"conntrack_insert_failed", 0x3 + 0x4 + 0x5},
                {"conntrack_drop", 0x2 + 0x6 + 0x7},
                {"conntrack_early_drop", 0x9 + 0xb + 0xd},
                {"conntrack_icmp_error", 0x4 + 0xe + 0xf},
                {"conntrack_expect_new", 0x1 + 0x10 + 0x11},
                {"conntrack_expect_create", 0x6 + 0x12 + 0x16},
                {"conntrack_expect_delete", 0x8 + 0x18 + 0x28},
                {"conntrack_search_restart", 0xc + 0x1a + 0x2a}};
    use_roots("serve/kernel-net", NULL, NULL);
    psutil_net_counter_t *c;
    size_t n;
    CHECK_OK(psutil_net_conntrack(&c, &n));
    CHECK_EQ_U64(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
        CHECK_MSG(strcmp(c[i].name, want[i].name) == 0 && c[i].value == want[i].value,
                  "%zu: %s %lld, want %s %lld", i, c[i].name, (long long)c[i].value, want[i].name,
                  (long long)want[i].value);
    psutil_free(c);
    int64_t count;
    CHECK_OK(psutil_sysctl("net.netfilter.nf_conntrack_count", &count, 1, &n));
    CHECK(count == 1733 && n == 1);
}

/* Live: entries is the kernel's count of tracked connections, read directly. */
TEST(conntrack_live_entries_are_the_kernels_count)
{
    char *text = slurp("/proc/sys/net/netfilter/nf_conntrack_count", NULL);
    NEED(text != NULL, "no connection tracking here (the nf_conntrack module is not loaded)");
    long long before = strtoll(text, NULL, 10);
    free(text);
    psutil_net_counter_t *c;
    size_t n;
    CHECK_OK(psutil_net_conntrack(&c, &n));
    text = slurp("/proc/sys/net/netfilter/nf_conntrack_count", NULL);
    long long after = text ? strtoll(text, NULL, 10) : -1;
    free(text);
    CHECK(n >= 10 && strcmp(c[0].name, "conntrack_entries") == 0);
    CHECK_BETWEEN(c[0].value, before < after ? before : after, before < after ? after : before, 16);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found += strcmp(c[i].name, "conntrack_found") == 0 && c[i].value >= 0;
    CHECK(found == 1);
    psutil_free(c);
}

/* /proc/schedstat: the cpu lines with nine figures or more (a CPU's own number, a
 * figure past 64 bits saturating), domain lines, short lines and "cpux" left out. */
TEST(schedstat_from_an_odd_file)
{
    use_roots("wild/schedstat-odd", NULL, NULL);
    psutil_schedstat_t *s;
    size_t n;
    CHECK_OK(psutil_cpu_schedstat(&s, &n));
    CHECK_EQ_U64(n, 3);
    static const psutil_schedstat_t want[] = {{0, 1511928405811ull, 3009452413ull, 42123},
                                              {2, 7000000001ull, 8000000002ull, 90003},
                                              {5, UINT64_MAX, 3, 4}};
    for (size_t i = 0; i < n && i < 3; i++)
        CHECK_MSG(s[i].cpu == want[i].cpu && s[i].running_ns == want[i].running_ns &&
                      s[i].waiting_ns == want[i].waiting_ns &&
                      s[i].timeslices == want[i].timeslices,
                  "%zu: cpu%d %llu %llu %llu", i, s[i].cpu, (unsigned long long)s[i].running_ns,
                  (unsigned long long)s[i].waiting_ns, (unsigned long long)s[i].timeslices);
    psutil_free(s);
}

/* Live: each line of the kernel's file read directly before and after; a kernel built
 * without CONFIG_SCHEDSTATS has no file, and the call says so without writing. */
TEST(schedstat_live_brackets_the_kernel_or_is_absent)
{
    char *before = slurp("/proc/schedstat", NULL);
    psutil_schedstat_t *s = (void *)1;
    size_t n = 99;
    int rc = psutil_cpu_schedstat(&s, &n);
    char *after = slurp("/proc/schedstat", NULL);
    if (!before) {
        CHECK_RC(rc, PSUTIL_EOS);
        CHECK(s == (void *)1 && n == 99);
        return;
    }
    CHECK_OK(rc);
    CHECK(after != NULL);
    size_t lines = 0;
    for (const char *p = before, *q = after; p && q; lines++) {
        p = strstr(p, "\ncpu");
        q = strstr(q, "\ncpu");
        if (!p || !q)
            break;
        int cpu;
        unsigned long long x[9], y[9];
        CHECK(sscanf(p + 1, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &x[0],
                     &x[1], &x[2], &x[3], &x[4], &x[5], &x[6], &x[7], &x[8]) == 10);
        CHECK(sscanf(q + 1, "cpu%*d %llu %llu %llu %llu %llu %llu %llu %llu %llu", &y[0], &y[1],
                     &y[2], &y[3], &y[4], &y[5], &y[6], &y[7], &y[8]) == 9);
        CHECK(lines < n && s[lines].cpu == cpu);
        CHECK_BETWEEN(s[lines].running_ns, x[6], y[6], 0);
        CHECK_BETWEEN(s[lines].timeslices, x[8], y[8], 0);
        p++;
        q++;
    }
    CHECK_EQ_U64(n, lines);
    psutil_free(s);
    free(before);
    free(after);
}
