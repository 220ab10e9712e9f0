/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_parsers.c - every Linux parser on fixture files: real captures, other machine
 * shapes (SMT desktop, ARM big.LITTLE, a 3.10 kernel, 2.6.9) and malformed files,
 * each of which must give PSUTIL_EPARSE and leave the output untouched.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "linux/linux.h"

static char *load(const char *rel, size_t *len)
{
    char *s = slurp(fixture(rel), len);
    CHECK_MSG(s != NULL, "fixture %s missing", rel);
    return s;
}

/* Parses /proc/stat text with room for 64 CPUs. */
static int parse_stat_file(const char *rel, psutil__proc_stat *st, psutil__cpu_ticks *cpus)
{
    size_t len;
    char *s = load(rel, &len);
    int rc = psutil__parse_proc_stat(s, len, st, cpus, 64);
    free(s);
    return rc;
}

TEST(proc_stat_desktop_all_columns)
{
    psutil__proc_stat st;
    psutil__cpu_ticks cpus[64];
    CHECK_OK(parse_stat_file("desktop-8t/proc/stat", &st, cpus));
    CHECK_EQ_U64(st.ncpu, 8);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_USER], 812345);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_NICE], 1234);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_SYSTEM], 234567);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_IDLE], 9876543);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_IOWAIT], 12345);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_SOFTIRQ], 4567);
    CHECK_EQ_U64(cpus[7].v[PSUTIL__CPU_USER], 100007);
    CHECK_EQ_U64(cpus[7].v[PSUTIL__CPU_IDLE], 1234007);
    CHECK_EQ_U64(st.ctxt, 123456789);
    CHECK_EQ_U64(st.intr, 98765432);
    CHECK_EQ_U64(st.softirq, 4567890);
    CHECK_EQ_U64(st.btime, 1795400000);
    CHECK(st.have & PSUTIL__STAT_HAVE_SOFTIRQ);
}

TEST(proc_stat_real_capture_matches_a_naive_reading)
{
    psutil__proc_stat st;
    psutil__cpu_ticks cpus[64];
    size_t len;
    char *s = load("vm-6.18/proc/stat", &len);
    unsigned long long user, idle, ctxt;
    CHECK(sscanf(s, "cpu %llu %*u %*u %llu", &user, &idle) == 2);
    CHECK(field_u64(s, "ctxt ", 1, &ctxt) == 0);
    CHECK_OK(psutil__parse_proc_stat(s, len, &st, cpus, 64));
    CHECK_EQ_U64(st.ncpu, 2);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_USER], user);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_IDLE], idle);
    CHECK_EQ_U64(st.ctxt, ctxt);
    free(s);
}

TEST(proc_stat_old_kernels_fill_missing_columns_with_zero)
{
    psutil__proc_stat st;
    psutil__cpu_ticks cpus[64];
    CHECK_OK(parse_stat_file("old-3.10/proc/stat", &st, cpus));
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_STEAL], 4);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_GUEST], 0);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_GUEST_NICE], 0);
    CHECK(!(st.have & PSUTIL__STAT_HAVE_SOFTIRQ));
    CHECK_OK(parse_stat_file("ancient-2.6.9/proc/stat", &st, cpus));
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_IOWAIT], 1);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_IRQ], 0);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_STEAL], 0);
}

TEST(proc_stat_counts_cpus_beyond_the_callers_room)
{
    psutil__proc_stat st;
    psutil__cpu_ticks two[2];
    size_t len;
    char *s = load("desktop-8t/proc/stat", &len);
    CHECK_OK(psutil__parse_proc_stat(s, len, &st, two, 2));
    CHECK_EQ_U64(st.ncpu, 8);
    CHECK_EQ_U64(two[1].v[PSUTIL__CPU_USER], 100001);
    CHECK_OK(psutil__parse_proc_stat(s, len, &st, NULL, 0));
    free(s);
}

TEST(proc_stat_offline_cpus_are_skipped_in_order)
{
    psutil__proc_stat st;
    psutil__cpu_ticks cpus[64];
    CHECK_OK(parse_stat_file("arm-5.4/proc/stat", &st, cpus));
    CHECK_EQ_U64(st.ncpu, 7);
}

TEST(proc_stat_counters_wider_than_64_bits_saturate)
{
    psutil__proc_stat st;
    psutil__cpu_ticks cpus[64];
    CHECK_OK(parse_stat_file("malformed/stat-overflow", &st, cpus));
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_USER], UINT64_MAX);
    CHECK_EQ_U64(st.total.v[PSUTIL__CPU_NICE], 1234);
    CHECK_EQ_U64(st.ncpu, 8);
    CHECK(cpus[7].cpu == 7 && cpus[7].v[PSUTIL__CPU_SYSTEM] == 29007);
}

TEST(proc_stat_malformed_files_are_parse_errors)
{
    static const char *const bad[] = {
        "malformed/stat-short-cpu", "malformed/stat-truncated", "malformed/stat-nonnumeric",
        "malformed/stat-negative",  "malformed/stat-no-cpu",    "malformed/stat-bad-label",
        "malformed/stat-bad-ctxt",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        psutil__proc_stat st;
        psutil__cpu_ticks cpus[64];
        memset(&st, 0xAB, sizeof(st));
        int rc = parse_stat_file(bad[i], &st, cpus);
        CHECK_MSG(rc == PSUTIL_EPARSE, "%s: got %s", bad[i], psutil_err_name(rc));
        CHECK_MSG(st.ctxt == 0xABABABABABABABABull, "%s: output written on failure", bad[i]);
        psutil_error_info_t e;
        CHECK_OK(psutil_last_error(&e));
        CHECK(e.code == PSUTIL_EPARSE && e.detail[0] != '\0');
    }
}

TEST(ticks_convert_with_the_clock_rate)
{
    psutil__cpu_ticks t = {{150, 0, 250, 1000, 5, 0, 0, 0, 0, 0}, 3};
    psutil_cpu_times_t out;
    psutil__ticks_to_times(&t, 100, &out);
    CHECK_NEAR(out.user, 1.5, 1e-12);
    CHECK_NEAR(out.system, 2.5, 1e-12);
    CHECK_NEAR(out.idle, 10.0, 1e-12);
    CHECK_NEAR(out.iowait, 0.05, 1e-12);
    CHECK(out.cpu == 3);
}

/* --- meminfo ------------------------------------------------------------------------ */

static int parse_mi(const char *rel, psutil__meminfo *mi)
{
    size_t len;
    char *s = load(rel, &len);
    int rc = psutil__parse_meminfo(s, len, mi);
    free(s);
    return rc;
}

TEST(meminfo_desktop_values_in_bytes)
{
    psutil__meminfo mi;
    psutil_virtual_memory_t vm;
    CHECK_OK(parse_mi("desktop-8t/proc/meminfo", &mi));
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMTOTAL], 16303428ull * 1024);
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_SWAPFREE], 1572860ull * 1024);
    psutil__virtual_memory_from(&mi, mi.bytes[PSUTIL__MI_MEMAVAILABLE], &vm);
    CHECK_EQ_U64(vm.total, 16303428ull * 1024);
    CHECK_EQ_U64(vm.available, 12075912ull * 1024);
    CHECK_EQ_U64(vm.used, (16303428ull - 12075912ull) * 1024);
    CHECK_EQ_U64(vm.free, 8146972ull * 1024);
    CHECK_EQ_U64(vm.buffers, 318568ull * 1024);
    CHECK_EQ_U64(vm.cached, (3530224ull + 262588ull) * 1024); /* Cached + SReclaimable */
    CHECK_EQ_U64(vm.shared, 227324ull * 1024);
    CHECK_EQ_U64(vm.active, 4627272ull * 1024);
    CHECK_EQ_U64(vm.inactive, 2585948ull * 1024);
    CHECK_EQ_U64(vm.slab, 441572ull * 1024);
    CHECK_NEAR(vm.percent, (16303428.0 - 12075912.0) / 16303428.0 * 100.0, 1e-9);
}

TEST(meminfo_real_capture_matches_a_naive_reading)
{
    psutil__meminfo mi;
    size_t len;
    char *s = load("vm-6.18/proc/meminfo", &len);
    unsigned long long total, avail;
    CHECK(field_u64(s, "MemTotal:", 1, &total) == 0);
    CHECK(field_u64(s, "MemAvailable:", 1, &avail) == 0);
    CHECK_OK(psutil__parse_meminfo(s, len, &mi));
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMTOTAL], total * 1024);
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMAVAILABLE], avail * 1024);
    free(s);
}

TEST(meminfo_ancient_kernel_uses_memshared)
{
    psutil__meminfo mi;
    psutil_virtual_memory_t vm;
    CHECK_OK(parse_mi("ancient-2.6.9/proc/meminfo", &mi));
    CHECK(!(mi.have & (1u << PSUTIL__MI_MEMAVAILABLE)));
    /* No file LRU split: the estimate falls back to MemFree + Cached. */
    uint64_t avail = psutil__estimate_available(&mi, 0);
    CHECK_EQ_U64(avail, (400ull + 200ull) * 1024);
    psutil__virtual_memory_from(&mi, avail, &vm);
    CHECK_EQ_U64(vm.shared, 30ull * 1024);
}

TEST(memavailable_estimate_follows_the_kernel_formula)
{
    psutil__meminfo mi;
    size_t len;
    uint64_t low;
    char *z = load("old-3.10/proc/zoneinfo", &len);
    CHECK_OK(psutil__parse_zoneinfo_low(z, len, &low));
    free(z);
    CHECK_EQ_U64(low, 10 + 2000 + 8000);
    CHECK_OK(parse_mi("old-3.10/proc/meminfo", &mi));
    /* Worked by hand in kB with 4 KiB pages: low = 10010 pages = 40040 kB;
     * free - low = 959960; pagecache 1000000 - min(500000, 40040) = 959960;
     * slab 100000 - min(50000, 40040) = 59960; total 1979880 kB. */
    uint64_t avail = psutil__estimate_available(&mi, low * 4096);
    CHECK_EQ_U64(avail, 1979880ull * 1024);
    /* Watermarks above free memory: the sum goes below zero and is clamped. */
    CHECK_EQ_U64(psutil__estimate_available(&mi, 1ull << 40), 0);
}

TEST(meminfo_malformed_files_are_parse_errors)
{
    /* Files whose MemTotal is missing or malformed fail the parse; a malformed optional
     * key is marked bad and fails only the calls that use it. */
    static const char *const bad[] = {"malformed/meminfo-no-memtotal", "malformed/meminfo-empty"};
    static const struct {
        const char *rel;
        int key;
    } bad_key[] = {
        {"malformed/meminfo-truncated", PSUTIL__MI_MEMFREE},
        {"malformed/meminfo-no-number", PSUTIL__MI_MEMFREE},
        {"malformed/meminfo-bad-unit", PSUTIL__MI_MEMFREE},
        {"malformed/meminfo-trailing-junk", PSUTIL__MI_BUFFERS},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        psutil__meminfo mi;
        memset(&mi, 0x5A, sizeof(mi));
        int rc = parse_mi(bad[i], &mi);
        CHECK_MSG(rc == PSUTIL_EPARSE, "%s: got %s", bad[i], psutil_err_name(rc));
        CHECK_MSG(mi.have == 0x5A5A5A5A, "%s: output written on failure", bad[i]);
    }
    for (size_t i = 0; i < sizeof(bad_key) / sizeof(bad_key[0]); i++) {
        psutil__meminfo mi;
        uint32_t bit = 1u << bad_key[i].key;
        CHECK_OK(parse_mi(bad_key[i].rel, &mi));
        CHECK_MSG(mi.bad == bit, "%s: bad = %#x", bad_key[i].rel, (unsigned)mi.bad);
        CHECK(!(mi.have & bit));
        CHECK(mi.bad_line == 2 || mi.bad_line == 4);
        CHECK_RC(psutil__meminfo_check(&mi, bit), PSUTIL_EPARSE);
        CHECK_OK(psutil__meminfo_check(&mi, ~bit));
        CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMTOTAL], 16303428ull * 1024);
    }
}

TEST(meminfo_values_wider_than_64_bits_saturate)
{
    psutil__meminfo mi;
    psutil_virtual_memory_t vm;
    /* 99999999999999999999 kB does not fit in 64 bits; 2^54 kB fits but not in bytes. */
    CHECK_OK(parse_mi("malformed/meminfo-overflow", &mi));
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMTOTAL], UINT64_MAX);
    CHECK_OK(parse_mi("malformed/meminfo-overflow-bytes", &mi));
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMTOTAL], UINT64_MAX);
    CHECK_EQ_U64(mi.bytes[PSUTIL__MI_MEMFREE], 8146972ull * 1024);
    psutil__virtual_memory_from(&mi, mi.bytes[PSUTIL__MI_MEMAVAILABLE], &vm);
    CHECK_EQ_U64(vm.used, UINT64_MAX - 12075912ull * 1024);
    CHECK(vm.percent >= 0.0 && vm.percent <= 100.0);
}

TEST(zoneinfo_and_vmstat_malformed_are_parse_errors)
{
    size_t len;
    uint64_t low = 7, a = 1, b = 2;
    char *s = load("malformed/zoneinfo-bad-low", &len);
    CHECK_RC(psutil__parse_zoneinfo_low(s, len, &low), PSUTIL_EPARSE);
    CHECK_EQ_U64(low, 7);
    free(s);
    s = load("malformed/vmstat-bad", &len);
    CHECK_RC(psutil__parse_vmstat_swap(s, len, &a, &b), PSUTIL_EPARSE);
    CHECK(a == 1 && b == 2);
    free(s);
}

TEST(vmstat_swap_counters)
{
    size_t len;
    uint64_t in, out;
    char *s = load("desktop-8t/proc/vmstat", &len);
    CHECK_OK(psutil__parse_vmstat_swap(s, len, &in, &out));
    CHECK_EQ_U64(in, 123456);
    CHECK_EQ_U64(out, 234567);
    free(s);
    CHECK_OK(psutil__parse_vmstat_swap("nr_free_pages 5\n", 16, &in, &out));
    CHECK(in == 0 && out == 0);
}

/* --- loadavg, cpu lists, cpuinfo -------------------------------------------------------- */

TEST(loadavg_parses_and_rejects_garbage)
{
    psutil_loadavg_t l, untouched = {.load1 = -1, .load5 = -1, .load15 = -1};
    size_t len;
    char *s = load("desktop-8t/proc/loadavg", &len);
    CHECK_OK(psutil__parse_loadavg(s, len, &l));
    CHECK_NEAR(l.load1, 1.25, 1e-12);
    CHECK_NEAR(l.load5, 0.80, 1e-12);
    CHECK_NEAR(l.load15, 0.50, 1e-12);
    free(s);
    static const char *const bad[] = {"malformed/loadavg-garbage", "malformed/loadavg-truncated",
                                      "malformed/loadavg-empty"};
    for (size_t i = 0; i < 3; i++) {
        l = untouched;
        s = load(bad[i], &len);
        CHECK_RC(psutil__parse_loadavg(s, len, &l), PSUTIL_EPARSE);
        CHECK(l.load1 == -1);
        free(s);
    }
}

TEST(cpulist_forms)
{
    int count, hi;
    CHECK_OK(psutil__parse_cpulist("0-3,8,10-11\n", 12, &count, &hi));
    CHECK(count == 7 && hi == 11);
    CHECK_OK(psutil__parse_cpulist("0 1 2 3\n", 8, &count, &hi));
    CHECK(count == 4 && hi == 3);
    CHECK_OK(psutil__parse_cpulist("\n", 1, &count, &hi));
    CHECK(count == 0 && hi == -1);
    CHECK_OK(psutil__parse_cpulist("5", 1, &count, &hi));
    CHECK(count == 1 && hi == 5);
    static const char *const bad[] = {"0-",    "3-1", "a",  "0,,1",
                                      "1-2-3", "0;1", "-1", "99999999999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        count = -7;
        CHECK_MSG(psutil__parse_cpulist(bad[i], strlen(bad[i]), &count, &hi) == PSUTIL_EPARSE,
                  "'%s' accepted", bad[i]);
        CHECK(count == -7);
    }
}

TEST(cpuinfo_mhz_and_cores)
{
    size_t len, n;
    double mhz[16];
    int cores;
    char *s = load("desktop-8t/proc/cpuinfo", &len);
    CHECK_OK(psutil__parse_cpuinfo_mhz(s, len, mhz, 16, &n));
    CHECK_EQ_U64(n, 8);
    CHECK_NEAR(mhz[0], 800.0, 1e-9);
    CHECK_NEAR(mhz[7], 1500.0, 1e-9);
    CHECK_OK(psutil__parse_cpuinfo_cores(s, len, &cores));
    CHECK(cores == 4);
    free(s);
    s = load("old-3.10/proc/cpuinfo", &len);
    CHECK_OK(psutil__parse_cpuinfo_cores(s, len, &cores));
    CHECK(cores == 2); /* two sockets of one core each */
    free(s);
    s = load("arm-5.4/proc/cpuinfo", &len);
    CHECK_OK(psutil__parse_cpuinfo_mhz(s, len, mhz, 16, &n));
    CHECK_EQ_U64(n, 8); /* processors 0-2 and 4-7: the highest number + 1 */
    CHECK(mhz[0] == 0.0 && mhz[7] == 0.0);
    CHECK_OK(psutil__parse_cpuinfo_cores(s, len, &cores));
    CHECK(cores == 0);
    free(s);
    static const char *const bad[] = {"malformed/cpuinfo-bad-mhz",
                                      "malformed/cpuinfo-bad-processor"};
    for (size_t i = 0; i < 2; i++) {
        s = load(bad[i], &len);
        CHECK_RC(psutil__parse_cpuinfo_mhz(s, len, mhz, 16, &n), PSUTIL_EPARSE);
        free(s);
    }
    s = load("malformed/cpuinfo-bad-cores", &len);
    cores = -3;
    CHECK_RC(psutil__parse_cpuinfo_cores(s, len, &cores), PSUTIL_EPARSE);
    CHECK(cores == -3);
    free(s);
}

TEST(number_parsers_reject_overflow_and_junk)
{
    uint64_t v = 42;
    double d;
    const char *p;
    CHECK_OK(psutil__parse_u64_field("18446744073709551615\n", 21, &v));
    CHECK(v == UINT64_MAX);
    CHECK(psutil__parse_u64_field("18446744073709551616", 20, &v) == PSUTIL_EPARSE);
    CHECK(psutil__parse_u64_field("12x", 3, &v) == PSUTIL_EPARSE);
    CHECK(psutil__parse_u64_field("", 0, &v) == PSUTIL_EPARSE);
    CHECK(psutil__parse_u64_field(" -1", 3, &v) == PSUTIL_EPARSE);
    CHECK(v == UINT64_MAX);
    p = "2096.039 rest";
    CHECK_OK(psutil__parse_decimal(&p, p + 13, &d));
    CHECK_NEAR(d, 2096.039, 1e-9);
    CHECK(*p == ' ');
    p = "abc";
    CHECK(psutil__parse_decimal(&p, p + 3, &d) == PSUTIL_EPARSE);
    /* Bounded by end, not by a NUL: "12" of "123" parses as 12. */
    p = "123";
    CHECK_OK(psutil__parse_u64(&p, p + 2, &v));
    CHECK(v == 12);
}
