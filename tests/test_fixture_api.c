/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_fixture_api.c - the public API pointed at fixture trees through the procfs and
 * sysfs roots: an SMT desktop, an ARM board with an offline CPU, a 3.10 kernel, an
 * LXC container with MemAvailable 0, a 2.6.9 kernel with no sysfs, an empty root, a
 * missing root and malformed files. Expected values are worked out from the fixtures.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

TEST(desktop_counts_times_stats_load_boot)
{
    int n;
    psutil_cpu_times_t t, *pc;
    size_t ncpu;
    psutil_cpu_stats_t st;
    psutil_loadavg_t l;
    double bt;
    use_roots("desktop-8t/proc", "desktop-8t/sys", NULL);
    CHECK_OK(psutil_cpu_count(1, &n));
    CHECK(n == 8);
    CHECK_OK(psutil_cpu_count(0, &n));
    CHECK(n == 4); /* core_cpus_list pairs n,n+4 */
    CHECK_OK(psutil_cpu_times(&t));
    CHECK_NEAR(t.user, 8123.45, 1e-9);
    CHECK_NEAR(t.idle, 98765.43, 1e-9);
    CHECK_OK(psutil_cpu_times_percpu(&pc, &ncpu));
    CHECK_EQ_U64(ncpu, 8);
    CHECK_NEAR(pc[3].user, 1000.03, 1e-9);
    psutil_free(pc);
    CHECK_OK(psutil_cpu_stats(&st));
    CHECK_EQ_U64(st.ctx_switches, 123456789);
    CHECK_EQ_U64(st.interrupts, 98765432);
    CHECK_EQ_U64(st.soft_interrupts, 4567890);
    CHECK_EQ_U64(st.syscalls, 0);
    CHECK_EQ_U64(st.forks, 54321); /* "processes" */
    CHECK_EQ_U64(st.procs_running, 2);
    CHECK_EQ_U64(st.procs_blocked, 3);
    CHECK_OK(psutil_getloadavg(&l));
    CHECK_NEAR(l.load5, 0.80, 1e-12);
    CHECK_OK(psutil_boot_time(&bt));
    CHECK_NEAR(bt, 1795400000.0, 0);
}

TEST(desktop_memory_and_swap)
{
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    use_roots("desktop-8t/proc", "desktop-8t/sys", NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.available, 12075912ull * 1024);
    CHECK_EQ_U64(vm.used, vm.total - vm.available);
    CHECK_OK(psutil_swap_memory(&sw));
    CHECK_EQ_U64(sw.total, 2097148ull * 1024);
    CHECK_EQ_U64(sw.free, 1572860ull * 1024);
    CHECK_EQ_U64(sw.used, (2097148ull - 1572860ull) * 1024);
    CHECK_NEAR(sw.percent, (2097148.0 - 1572860.0) / 2097148.0 * 100.0, 1e-9);
    CHECK_EQ_U64(sw.sin, 123456ull * page);
    CHECK_EQ_U64(sw.sout, 234567ull * page);
}

TEST(desktop_frequency_prefers_cpuinfo_and_takes_limits_from_policies)
{
    psutil_cpu_freq_t *f, mean;
    size_t n;
    use_roots("desktop-8t/proc", "desktop-8t/sys", NULL);
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 8);
    for (size_t i = 0; i < n; i++) {
        CHECK_NEAR(f[i].current, 800.0 + 100.0 * (double)i, 1e-9);
        CHECK_NEAR(f[i].min, 800.0, 1e-9);
        CHECK_NEAR(f[i].max, 4200.0, 1e-9);
    }
    psutil_free(f);
    CHECK_OK(psutil_cpu_freq(&mean));
    CHECK_NEAR(mean.current, 1150.0, 1e-9);
    CHECK_NEAR(mean.min, 800.0, 1e-9);
    CHECK_NEAR(mean.max, 4200.0, 1e-9);
}

TEST(arm_offline_cpu_shared_policies_and_thread_siblings)
{
    psutil_cpu_freq_t *f;
    size_t n;
    int count;
    use_roots("arm-5.4/proc", "arm-5.4/sys", NULL);
    CHECK_OK(psutil_cpu_count(1, &count));
    CHECK(count == 7); /* online "0-2,4-7" */
    CHECK_OK(psutil_cpu_count(0, &count));
    CHECK(count == 7); /* no core_cpus_list: thread_siblings_list, one CPU each */
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 7); /* CPU 3 is offline: no policy and no cpuinfo block lists it */
    for (size_t i = 0; i < 3; i++) {
        CHECK(f[i].cpu == (int)i);
        CHECK_NEAR(f[i].current, 1416.0, 1e-9); /* no "cpu MHz": scaling_cur_freq */
        CHECK_NEAR(f[i].min, 408.0, 1e-9);
        CHECK_NEAR(f[i].max, 1416.0, 1e-9);
    }
    for (size_t i = 3; i < 7; i++) {
        CHECK(f[i].cpu == (int)i + 1);
        CHECK_NEAR(f[i].current, 1800.0, 1e-9);
        CHECK_NEAR(f[i].max, 2016.0, 1e-9);
    }
    psutil_free(f);
    /* Times and frequencies name the same CPUs. */
    psutil_cpu_times_t *t;
    size_t nt;
    CHECK_OK(psutil_cpu_times_percpu(&t, &nt));
    CHECK_EQ_U64(nt, 7);
    for (size_t i = 0; i < nt; i++)
        CHECK(t[i].cpu == (i < 3 ? (int)i : (int)i + 1));
    psutil_free(t);
}

TEST(old_kernel_estimates_available_and_reads_legacy_cpufreq)
{
    psutil_virtual_memory_t vm;
    psutil_cpu_freq_t *f;
    size_t n;
    int count;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    use_roots("old-3.10/proc", "old-3.10/sys", NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    /* The kernel 3.14 formula on the fixture, with this machine's page size. */
    uint64_t low = 10010 * page, freeb = 1000000ull * 1024, pc = 1000000ull * 1024,
             slab = 100000ull * 1024;
    uint64_t expect = freeb - low + (pc - (pc / 2 < low ? pc / 2 : low)) +
                      (slab - (slab / 2 < low ? slab / 2 : low));
    CHECK_EQ_U64(vm.available, expect);
    CHECK_EQ_U64(vm.cached, (1200000ull + 100000ull) * 1024);
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 2);
    CHECK_NEAR(f[1].current, 2400.0, 1e-9);
    CHECK_NEAR(f[1].min, 1200.0, 1e-9);
    CHECK_NEAR(f[1].max, 2400.0, 1e-9);
    psutil_free(f);
    CHECK_OK(psutil_cpu_count(0, &count));
    CHECK(count == 2); /* no topology: cpuinfo, 2 sockets x 1 core */
}

TEST(lxc_zero_memavailable_is_estimated)
{
    psutil_virtual_memory_t vm;
    use_roots("lxc-zero-available/proc", "lxc-zero-available/sys", NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK(vm.available > 0);
    CHECK(vm.available < vm.total);
    CHECK_EQ_U64(vm.used, vm.total - vm.available);
}

TEST(ancient_kernel_without_sysfs_or_zoneinfo)
{
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_cpu_freq_t fr = {.current = -1, .min = -1, .max = -1, .cpu = -7};
    int count = -1;
    use_roots("ancient-2.6.9/proc", "ancient-2.6.9/sys", NULL);
    CHECK_OK(psutil_cpu_count(1, &count));
    CHECK(count == 1); /* no sysfs "online": the cpuN lines of /proc/stat */
    count = -1;
    CHECK_RC(psutil_cpu_count(0, &count), PSUTIL_ENOTSUP);
    CHECK(count == -1);
    CHECK_RC(psutil_cpu_freq(&fr), PSUTIL_ENOTSUP);
    CHECK(fr.current == -1);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.available, (400ull + 200ull) * 1024); /* MemFree + Cached */
    CHECK_EQ_U64(vm.shared, 30ull * 1024);                /* MemShared */
    CHECK_OK(psutil_swap_memory(&sw));
    CHECK(sw.total == 0 && sw.percent == 0.0 && sw.sin == 0 && sw.sout == 0);
}

/* A fresh empty directory. */
static char *empty_dir(void)
{
    static char tmpl[64];
    strcpy(tmpl, "/tmp/psutil-test-XXXXXX");
    CHECK(mkdtemp(tmpl) != NULL);
    return tmpl;
}

TEST(empty_roots_give_os_errors_and_write_nothing)
{
    char *d = empty_dir();
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_cpu_times_t t;
    psutil_loadavg_t l;
    psutil_cpu_stats_t st;
    double bt = -1;
    int n = -1;
    psutil_error_info_t e;
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, d));
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_SYS, d));
    memset(&vm, 0x11, sizeof(vm));
    memset(&t, 0x11, sizeof(t));
    CHECK_RC(psutil_virtual_memory(&vm), PSUTIL_EOS);
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.code == PSUTIL_EOS && e.os_errno == ENOENT);
    CHECK(strstr(e.path, d) == e.path && strstr(e.path, "/meminfo") != NULL);
    CHECK(vm.total == 0x1111111111111111ull);
    CHECK_RC(psutil_swap_memory(&sw), PSUTIL_EOS);
    CHECK_RC(psutil_cpu_times(&t), PSUTIL_EOS);
    CHECK(t.user != t.user || t.user != 0.0); /* still the 0x11 pattern, not zeroed */
    CHECK_RC(psutil_getloadavg(&l), PSUTIL_EOS);
    CHECK_RC(psutil_cpu_stats(&st), PSUTIL_EOS);
    CHECK_RC(psutil_boot_time(&bt), PSUTIL_EOS);
    CHECK(bt == -1);
    CHECK_RC(psutil_cpu_count(1, &n), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_cpu_count(0, &n), PSUTIL_ENOTSUP);
    CHECK(n == -1);
    rmdir(d);
}

TEST(missing_root_refused_by_setter_and_reported_from_environment)
{
    char buf[1024];
    psutil_virtual_memory_t vm;
    psutil_error_info_t e;
    CHECK_OK(psutil_get_root(PSUTIL_ROOT_PROC, buf, sizeof(buf)));
    CHECK(strcmp(buf, "/proc") == 0 || getenv("HOST_PROC"));
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_PROC, "/nonexistent/psutil-root"), PSUTIL_EINVAL);
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_PROC, "/etc/hostname"),
             PSUTIL_EINVAL); /* not a directory */
    CHECK_OK(psutil_get_root(PSUTIL_ROOT_PROC, buf, sizeof(buf)));
    CHECK(strcmp(buf, "/proc") == 0 || getenv("HOST_PROC")); /* unchanged */
    setenv("HOST_PROC", "/nonexistent/psutil-root", 1);
    CHECK_OK(psutil_get_root(PSUTIL_ROOT_PROC, buf, sizeof(buf)));
    CHECK(strcmp(buf, "/nonexistent/psutil-root") == 0);
    CHECK_RC(psutil_virtual_memory(&vm), PSUTIL_EOS);
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.os_errno == ENOENT && strcmp(e.path, "/nonexistent/psutil-root") == 0);
    /* The setter wins over the environment; NULL restores the environment. */
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, fixture("desktop-8t/proc")));
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 16303428ull * 1024);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, NULL));
    CHECK_RC(psutil_virtual_memory(&vm), PSUTIL_EOS);
    unsetenv("HOST_PROC");
    CHECK_OK(psutil_get_root(PSUTIL_ROOT_PROC, buf, sizeof(buf)));
    CHECK(strcmp(buf, "/proc") == 0);
    CHECK_OK(psutil_get_root(PSUTIL_ROOT_SYS, buf, sizeof(buf)));
    CHECK(strcmp(buf, "/sys") == 0 || getenv("HOST_SYS"));
    /* The per-kind forms set and read the same roots, each its own. */
    const char *kinds[3] = {fixture("desktop-8t/proc"), fixture("desktop-8t/sys"),
                            fixture("logind/run")};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    CHECK_OK(psutil_set_procfs_root(kinds[0]));
    CHECK_OK(psutil_set_sysfs_root(kinds[1]));
    CHECK_OK(psutil_set_run_root(kinds[2]));
    int (*const get[3])(char *, size_t) = {psutil_get_procfs_root, psutil_get_sysfs_root,
                                           psutil_get_run_root};
#pragma GCC diagnostic pop
    for (int k = 0; k < 3; k++) {
        char mine[1024];
        CHECK_OK(get[k](buf, sizeof(buf)));
        CHECK_OK(psutil_get_root(k, mine, sizeof(mine)));
        CHECK_MSG(strcmp(buf, kinds[k]) == 0 && strcmp(mine, kinds[k]) == 0, "kind %d: %s", k, buf);
    }
    for (int k = 0; k < 3; k++)
        CHECK_OK(psutil_set_root(k, NULL));
}

/* Copies one malformed file into a temporary procfs tree under the given name. */
static char *tree_with(const char *malformed, const char *as)
{
    char *d = empty_dir(), path[512];
    size_t len;
    char *s = slurp(fixture(malformed), &len);
    CHECK(s != NULL);
    snprintf(path, sizeof(path), "%s/%s", d, as);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fwrite(s, 1, len, f);
    fclose(f);
    free(s);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, d));
    return d;
}

TEST(malformed_kernel_files_give_parse_errors_through_the_api)
{
    psutil_virtual_memory_t vm;
    psutil_cpu_times_t t;
    psutil_loadavg_t l;
    psutil_error_info_t e;
    double bt = 5;
    memset(&vm, 0, sizeof(vm));
    tree_with("malformed/meminfo-bad-unit", "meminfo");
    CHECK_RC(psutil_virtual_memory(&vm), PSUTIL_EPARSE);
    CHECK(vm.total == 0);
    CHECK_OK(psutil_last_error(&e));
    CHECK(strstr(e.path, "/meminfo") != NULL && e.detail[0]);
    tree_with("malformed/stat-truncated", "stat");
    CHECK_RC(psutil_cpu_times(&t), PSUTIL_EPARSE);
    tree_with("malformed/stat-no-btime", "stat");
    CHECK_RC(psutil_boot_time(&bt), PSUTIL_EPARSE);
    CHECK(bt == 5);
    tree_with("malformed/loadavg-truncated", "loadavg");
    CHECK_RC(psutil_getloadavg(&l), PSUTIL_EPARSE);
}
