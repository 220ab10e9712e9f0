/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_live_memory.c - memory figures of this machine against /proc/meminfo and
 * /proc/vmstat read directly, procps `free -b`, and Debian's python3-psutil 5.9.4.
 * The oracle stays alive while we read, so its own memory counts on both sides.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define MB (1024.0 * 1024.0)

static unsigned long long meminfo_kb(const char *key)
{
    unsigned long long v;
    char *s = slurp("/proc/meminfo", NULL);
    CHECK_MSG(field_u64(s, key, 1, &v) == 0, "%s not in /proc/meminfo", key);
    free(s);
    return v;
}

TEST(virtual_memory_matches_proc_meminfo)
{
    psutil_virtual_memory_t vm;
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, meminfo_kb("MemTotal:") * 1024);
    /* Moving figures: 16 MiB covers what the machine does between the two reads. */
    CHECK_NEAR(vm.available, meminfo_kb("MemAvailable:") * 1024.0, 16 * MB);
    CHECK_NEAR(vm.free, meminfo_kb("MemFree:") * 1024.0, 16 * MB);
    CHECK_EQ_U64(vm.used, vm.total - vm.available);
    CHECK_NEAR(vm.percent, (double)(vm.total - vm.available) / (double)vm.total * 100, 1e-9);
    CHECK(vm.cached >= meminfo_kb("SReclaimable:") * 1024 - 16 * MB);
}

/* Parses `free -b`'s Mem: and Swap: rows. */
static void free_b(unsigned long long mem[6], unsigned long long swap[3])
{
    char *out;
    CHECK(run("free -b", &out) == 0);
    const char *m = strstr(out, "Mem:"), *s = strstr(out, "Swap:");
    CHECK(m && s);
    CHECK(sscanf(m, "Mem: %llu %llu %llu %llu %llu %llu", &mem[0], &mem[1], &mem[2], &mem[3],
                 &mem[4], &mem[5]) == 6);
    CHECK(sscanf(s, "Swap: %llu %llu %llu", &swap[0], &swap[1], &swap[2]) == 3);
    free(out);
}

TEST(virtual_and_swap_memory_agree_with_procps_free)
{
    unsigned long long m1[6], s1[3], m2[6], s2[3];
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    /* free -b before and after our reading: ours lies within the two, give or take
     * 2 MiB (a fixed tolerance between two readings flaked under CI load). */
    free_b(m1, s1);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_OK(psutil_swap_memory(&sw));
    free_b(m2, s2);
    /* total used free shared buff/cache available */
    const double ours[6] = {(double)vm.total,
                            (double)vm.used,
                            (double)vm.free,
                            (double)vm.shared,
                            (double)(vm.buffers + vm.cached),
                            (double)vm.available};
    CHECK_EQ_U64(vm.total, m1[0]);
    for (int i = 1; i < 6; i++)
        CHECK_BETWEEN(ours[i], fmin((double)m1[i], (double)m2[i]),
                      fmax((double)m1[i], (double)m2[i]), 2 * MB);
    CHECK_EQ_U64(sw.total, s1[0]);
    CHECK_BETWEEN(sw.used, fmin((double)s1[1], (double)s2[1]), fmax((double)s1[1], (double)s2[1]),
                  1 * MB);
    CHECK_BETWEEN(sw.free, fmin((double)s1[2], (double)s2[2]), fmax((double)s1[2], (double)s2[2]),
                  1 * MB);
}

TEST(virtual_memory_agrees_with_psutil_within_5mb)
{
    psutil_virtual_memory_t a, b;
    oracle *o = oracle_start("m = psutil.virtual_memory()\n"
                             "for k in m._fields: print(k, getattr(m, k))");
    CHECK_OK(psutil_virtual_memory(&a));
    CHECK_OK(psutil_virtual_memory(&b));
    CHECK_EQ_U64(a.total, (unsigned long long)oracle_get(o, "total"));
    /* The bound: 5 MB on every moving figure. */
    const double tol = 5e6;
    CHECK_NEAR(a.available, oracle_get(o, "available"), tol);
    CHECK_NEAR(a.free, oracle_get(o, "free"), tol);
    CHECK_NEAR(a.buffers, oracle_get(o, "buffers"), tol);
    CHECK_NEAR(a.cached, oracle_get(o, "cached"), tol);
    CHECK_NEAR(a.shared, oracle_get(o, "shared"), tol);
    CHECK_NEAR(a.active, oracle_get(o, "active"), tol);
    CHECK_NEAR(a.inactive, oracle_get(o, "inactive"), tol);
    CHECK_NEAR(a.slab, oracle_get(o, "slab"), tol);
    /* psutil 5.9.4 rounds percent to 1 decimal. */
    CHECK_NEAR(a.percent, oracle_get(o, "percent"), 0.1 + 100.0 * tol / (double)a.total);
    /* "used" differs by definition: psutil 5.9.4 says total - free - buffers - cached;
     * procps-ng 4 free and psutil 6+ say total - available, which is ours. Compare
     * ours with the oracle's own total - available. */
    CHECK_NEAR(a.used, oracle_get(o, "total") - oracle_get(o, "available"), tol);
    oracle_finish(o);
    (void)b;
}

TEST(swap_memory_agrees_with_meminfo_vmstat_and_psutil)
{
    psutil_swap_memory_t a, b;
    unsigned long long pswpin = 0, pswpout = 0;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    CHECK_OK(psutil_swap_memory(&a));
    char *s = slurp("/proc/vmstat", NULL);
    field_u64(s, "pswpin ", 1, &pswpin);
    field_u64(s, "pswpout ", 1, &pswpout);
    free(s);
    oracle *o = oracle_start("m = psutil.swap_memory()\n"
                             "for k in m._fields: print(k, getattr(m, k))");
    CHECK_OK(psutil_swap_memory(&b));
    CHECK_EQ_U64(a.total, meminfo_kb("SwapTotal:") * 1024);
    CHECK_BETWEEN(pswpin * page, a.sin, b.sin, 0);
    CHECK_BETWEEN(pswpout * page, a.sout, b.sout, 0);
    CHECK_EQ_U64(a.total, (unsigned long long)oracle_get(o, "total"));
    CHECK_NEAR(a.used, oracle_get(o, "used"), 5e6);
    CHECK_NEAR(a.free, oracle_get(o, "free"), 5e6);
    CHECK_NEAR(a.percent, oracle_get(o, "percent"), 0.1);
    CHECK_BETWEEN(oracle_get(o, "sin"), a.sin, b.sin, 0);
    CHECK_BETWEEN(oracle_get(o, "sout"), a.sout, b.sout, 0);
    oracle_finish(o);
}

/* psutil_meminfo gives every line of /proc/meminfo, in order, kB lines in bytes and the
 * HugePages_* counts as counts; a malformed line is left out, the rest stays. */
TEST(meminfo_lists_every_line_of_proc_meminfo)
{
    psutil_meminfo_field_t *f;
    size_t n;
    CHECK_OK(psutil_meminfo(&f, &n));
    char *text = slurp("/proc/meminfo", NULL);
    CHECK(text != NULL);
    size_t lines = 0, i = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        char key[64];
        unsigned long long v;
        char unit[8] = "";
        CHECK(sscanf(line, "%63[^:]: %llu %7s", key, &v, unit) >= 2);
        CHECK_MSG(i < n && strcmp(f[i].name, key) == 0, "line %zu: %s", lines, key);
        /* Figures that move (MemFree, Cached, ...) can change between the two reads; the
         * ones that do not are equal. */
        int still = strcmp(key, "MemTotal") == 0 || strcmp(key, "SwapTotal") == 0 ||
                    strcmp(key, "CommitLimit") == 0 || strncmp(key, "HugePages_Total", 15) == 0;
        if (still)
            CHECK_EQ_U64(f[i].value, unit[0] ? v * 1024 : v);
        CHECK(f[i].bytes == (unit[0] != '\0'));
        i++;
    }
    CHECK_EQ_U64(n, lines);
    free(text);
    psutil_free(f);
    /* A fixture with a malformed line and a value past 2^64 kB. */
    use_roots("wild/optional-garbage", NULL, NULL);
    CHECK_OK(psutil_meminfo(&f, &n));
    CHECK_EQ_U64(n, 6); /* SwapFree (garbage) and Active (in MB) are left out */
    CHECK(strcmp(f[5].name, "SwapTotal") == 0 && f[5].value == 2000000ull * 1024);
    psutil_free(f);
    use_roots("wild/lxcfs-swapfree", NULL, NULL);
    CHECK_OK(psutil_meminfo(&f, &n));
    for (i = 0; i < n && strcmp(f[i].name, "SwapFree") != 0; i++)
        ;
    CHECK(i < n && f[i].value == UINT64_MAX && f[i].bytes);
    psutil_free(f);
}

/* The figure of name in /proc/vmstat's text, or -1. */
static long long vmstat_text_value(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, name, n) == 0 && p[n] == ' ')
            return atoll(p + n + 1);
    return -1;
}

/* psutil_vmstat gives every line of /proc/vmstat in order, the counters between two
 * direct reads of the file; malformed lines are left out and a value past 2^64
 * saturates. */
TEST(vmstat_lists_every_line_of_proc_vmstat)
{
    char *before = slurp("/proc/vmstat", NULL);
    psutil_vmstat_field_t *f;
    size_t n;
    CHECK_OK(psutil_vmstat(&f, &n));
    char *after = slurp("/proc/vmstat", NULL);
    CHECK(before && after);
    size_t lines = 0;
    for (const char *p = before; *p; p = strchr(p, '\n') + 1) {
        char name[64];
        CHECK(sscanf(p, "%63s", name) == 1);
        CHECK_MSG(lines < n && strcmp(f[lines].name, name) == 0, "line %zu: %s", lines, name);
        lines++;
    }
    CHECK_EQ_U64(n, lines);
    static const char *const counters[] = {"pgfault", "pgmajfault", "pgpgin",  "pgpgout",
                                           "pswpin",  "pswpout",    "oom_kill"};
    size_t seen = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < sizeof(counters) / sizeof(counters[0]); c++)
            if (strcmp(f[i].name, counters[c]) == 0) {
                CHECK_BETWEEN(f[i].value, (uint64_t)vmstat_text_value(before, counters[c]),
                              (uint64_t)vmstat_text_value(after, counters[c]), 0);
                seen++;
            }
    CHECK_EQ_U64(seen, 7);
    free(before);
    free(after);
    psutil_free(f);
    use_roots("wild/vmstat-odd", NULL, NULL);
    CHECK_OK(psutil_vmstat(&f, &n));
    static const struct {
        const char *name;
        uint64_t value;
    } want[] = {
        {"nr_free_pages", 891304}, {"pgpgin", 7351234},  {"pgpgout", UINT64_MAX}, {"pswpout", 4097},
        {"pgfault", 123456789},    {"pgmajfault", 4321}, {"oom_kill", 3}};
    CHECK_EQ_U64(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
        CHECK_MSG(strcmp(f[i].name, want[i].name) == 0 && f[i].value == want[i].value,
                  "%zu: %s %llu", i, f[i].name, (unsigned long long)f[i].value);
    psutil_free(f);
}
