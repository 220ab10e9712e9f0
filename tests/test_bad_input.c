/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_bad_input.c - what callers can get wrong: NULL outputs, samplers that were
 * never initialised, copied or destroyed, bad intervals, bad roots and small buffers.
 * Each gets PSUTIL_EINVAL (or ENOBUFS) and nothing is written. And allocation
 * failure: every allocation of every call can fail, giving PSUTIL_ENOMEM, untouched
 * outputs and (under the sanitizer run) no leak.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"

TEST(null_outputs_are_invalid_arguments)
{
    size_t n = 77;
    psutil_cpu_times_t *pt = NULL;
    psutil_cpu_freq_t *pf = NULL;
    CHECK_RC(psutil_cpu_count(1, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_count(0, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percpu(NULL, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percpu(&pt, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_stats(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_freq(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_freq_percpu(NULL, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_freq_percpu(&pf, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_getloadavg(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_boot_time(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_virtual_memory(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_swap_memory(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_sampler_init(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent_interval(0.01, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percent_interval(0.01, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent_percpu_interval(0.01, NULL, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percent_percpu_interval(0.01, &pt, NULL), PSUTIL_EINVAL);
    CHECK(n == 77 && pt == NULL && pf == NULL);

    psutil_cpu_sampler_t s;
    CHECK_OK(psutil_cpu_sampler_init(&s));
    CHECK_RC(psutil_cpu_percent(&s, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percent(&s, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent_percpu(&s, NULL, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_times_percent_percpu(&s, &pt, NULL), PSUTIL_EINVAL);
    psutil_cpu_sampler_destroy(&s);
}

TEST(samplers_never_initialised_copied_or_destroyed_are_refused)
{
    psutil_cpu_sampler_t zero, garbage, good, copy;
    double pct = -1;
    psutil_cpu_percent_t *pp = NULL;
    size_t n = 0;
    memset(&zero, 0, sizeof(zero));
    memset(&garbage, 0xA5, sizeof(garbage));
    CHECK_RC(psutil_cpu_percent(&zero, &pct), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent(&garbage, &pct), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent(NULL, &pct), PSUTIL_EINVAL);
    CHECK_RC(psutil_cpu_percent_percpu(&garbage, &pp, &n), PSUTIL_EINVAL);
    CHECK(pct == -1 && pp == NULL && n == 0);
    /* Destroying what was never initialised does nothing (and must not crash). */
    psutil_cpu_sampler_destroy(&zero);
    psutil_cpu_sampler_destroy(&garbage);
    psutil_cpu_sampler_destroy(NULL);

    CHECK_OK(psutil_cpu_sampler_init(&good));
    CHECK_OK(psutil_cpu_percent(&good, &pct));
    CHECK(pct == 0.0); /* first call */
    memcpy(&copy, &good, sizeof(copy));
    pct = -1;
    CHECK_RC(psutil_cpu_percent(&copy, &pct), PSUTIL_EINVAL); /* a foreign copy */
    psutil_cpu_sampler_destroy(&copy);                        /* ignored: no double free */
    CHECK(pct == -1);
    psutil_cpu_sampler_destroy(&good);
    CHECK_RC(psutil_cpu_percent(&good, &pct), PSUTIL_EINVAL); /* destroyed */
    psutil_cpu_sampler_destroy(&good);                        /* twice: harmless */
}

TEST(intervals_must_be_finite_and_positive)
{
    const double bad[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        double pct = -1;
        psutil_cpu_times_t t;
        psutil_cpu_percent_t *pp = NULL;
        size_t n = 0;
        memset(&t, 0x22, sizeof(t));
        CHECK_RC(psutil_cpu_percent_interval(bad[i], &pct), PSUTIL_EINVAL);
        CHECK_RC(psutil_cpu_times_percent_interval(bad[i], &t), PSUTIL_EINVAL);
        CHECK_RC(psutil_cpu_percent_percpu_interval(bad[i], &pp, &n), PSUTIL_EINVAL);
        CHECK(pct == -1 && pp == NULL && n == 0);
    }
}

TEST(roots_reject_bad_paths_and_small_buffers)
{
    char longp[2000], buf[8] = "xxxxxxx";
    memset(longp, 'a', sizeof(longp) - 1);
    longp[0] = '/';
    longp[sizeof(longp) - 1] = '\0';
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_PROC, longp), PSUTIL_EINVAL);
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_SYS, ""), PSUTIL_EINVAL);
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_SYS, "/etc/hostname"), PSUTIL_EINVAL);
    CHECK_RC(psutil_get_root(PSUTIL_ROOT_PROC, NULL, 10), PSUTIL_EINVAL);
    CHECK_RC(psutil_set_root(3, "/proc"), PSUTIL_EINVAL); /* kinds are 0, 1 and 2 */
    CHECK_RC(psutil_set_root(-1, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_get_root(3, buf, sizeof(buf)), PSUTIL_EINVAL);
    /* The per-kind forms (deprecated) are the same calls. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    CHECK_RC(psutil_set_procfs_root(longp), PSUTIL_EINVAL);
    CHECK_RC(psutil_set_sysfs_root("/etc/hostname"), PSUTIL_EINVAL);
    CHECK_RC(psutil_get_run_root(NULL, 10), PSUTIL_EINVAL);
#pragma GCC diagnostic pop
    CHECK_RC(psutil_get_root(PSUTIL_ROOT_PROC, buf, 3), PSUTIL_ENOBUFS);
    CHECK(strcmp(buf, "xxxxxxx") == 0);
    CHECK_RC(psutil_get_root(PSUTIL_ROOT_SYS, buf, 0), PSUTIL_ENOBUFS);
}

/* Runs call with the 1st, 2nd, ... allocation failing until it succeeds; each failing
 * run must report PSUTIL_ENOMEM. Returns how many allocations the call made. */
#define FOR_EACH_ALLOCATION_FAILURE(call, on_fail)                                                 \
    do {                                                                                           \
        int k_, rc_;                                                                               \
        for (k_ = 1; k_ < 200; k_++) {                                                             \
            psutil__test_fail_alloc_after(k_);                                                     \
            rc_ = (call);                                                                          \
            psutil__test_fail_alloc_after(0);                                                      \
            if (rc_ == 0)                                                                          \
                break;                                                                             \
            CHECK_MSG(rc_ == PSUTIL_ENOMEM, "%s with allocation %d failing: %s", #call, k_,        \
                      psutil_err_name(rc_));                                                       \
            on_fail;                                                                               \
        }                                                                                          \
        CHECK_MSG(k_ > 1 && k_ < 200, "%s: %d allocations", #call, k_);                            \
    } while (0)

TEST(allocation_failures_give_enomem_and_touch_nothing)
{
    use_roots("desktop-8t/proc", "desktop-8t/sys", NULL);

    psutil_cpu_times_t *pt = NULL;
    psutil_cpu_freq_t *pf = NULL, fr = {.current = -1, .min = -1, .max = -1, .cpu = -7};
    psutil_virtual_memory_t vm;
    size_t n = 0;
    int count = -1;
    memset(&vm, 0x33, sizeof(vm));
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_times_percpu(&pt, &n), CHECK(pt == NULL && n == 0));
    psutil_free(pt);
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_freq_percpu(&pf, &n), CHECK(pf == NULL));
    psutil_free(pf);
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_freq(&fr), CHECK(fr.current == -1));
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_count(0, &count), CHECK(count == -1));
    FOR_EACH_ALLOCATION_FAILURE(psutil_virtual_memory(&vm),
                                CHECK(vm.total == 0x3333333333333333ull));
    psutil_swap_memory_t sw = {.total = 9};
    FOR_EACH_ALLOCATION_FAILURE(psutil_swap_memory(&sw), CHECK(sw.total == 9));

    psutil_cpu_sampler_t smp;
    psutil_cpu_percent_t *pp = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_sampler_init(&smp), (void)0);
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_percent_percpu(&smp, &pp, &n), CHECK(pp == NULL));
    psutil_free(pp);
    pp = NULL;
    /* A failed call leaves the sampler usable. */
    FOR_EACH_ALLOCATION_FAILURE(psutil_cpu_percent_percpu(&smp, &pp, &n), CHECK(pp == NULL));
    CHECK_EQ_U64(n, 8);
    psutil_free(pp);
    psutil_cpu_sampler_destroy(&smp);
}

TEST(allocation_failures_in_disks_sensors_and_users)
{
    size_t n = 0;
    use_roots("disks/proc", "disks/sys", "logind/run");
    psutil_disk_partition_t *parts = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_disk_partitions(0, &parts, &n), CHECK(parts == NULL));
    psutil_free(parts);
    psutil_disk_io_t *per = NULL, tot = {.read_count = 5};
    FOR_EACH_ALLOCATION_FAILURE(psutil_disk_io_counters_perdisk(NULL, &per, &n),
                                CHECK(per == NULL));
    psutil_free(per);
    FOR_EACH_ALLOCATION_FAILURE(psutil_disk_io_counters(NULL, &tot), CHECK(tot.read_count == 5));
    psutil_nowrap_t nw;
    FOR_EACH_ALLOCATION_FAILURE(psutil_nowrap_init(&nw), (void)0);
    per = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_disk_io_counters_perdisk(&nw, &per, &n), CHECK(per == NULL));
    psutil_free(per);
    psutil_nowrap_destroy(&nw);
    psutil_user_t *users = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_users(&users, &n), CHECK(users == NULL));
    CHECK_EQ_U64(n, 2);
    psutil_free(users);

    use_roots(NULL, "sensors/laptop/sys", NULL);
    psutil_temperature_t *t = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_sensors_temperatures(&t, &n), CHECK(t == NULL));
    CHECK_EQ_U64(n, 7);
    psutil_free(t);
    psutil_fan_t *f = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_sensors_fans(&f, &n), CHECK(f == NULL));
    psutil_free(f);
    psutil_battery_t b = {.percent = -1};
    FOR_EACH_ALLOCATION_FAILURE(psutil_sensors_battery(&b), CHECK(b.percent == -1));
    CHECK(b.percent == 75.0);
    use_roots(NULL, "sensors/thermal-only/sys", NULL);
    t = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_sensors_temperatures(&t, &n), CHECK(t == NULL));
    CHECK_EQ_U64(n, 2);
    psutil_free(t);
}

TEST(allocation_failures_in_processes)
{
    psutil_proc_t *p = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_open(getpid(), &p), CHECK(p == NULL));
    size_t n = 0;
    char *s = NULL, **argv = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_name(p, &s), CHECK(s == NULL));
    psutil_free(s);
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_cmdline(p, &argv, &n), CHECK(argv == NULL));
    psutil_free(argv);
    psutil_env_var_t *env = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_environ(p, &env, &n), CHECK(env == NULL));
    psutil_free(env);
    psutil_memory_map_t *maps = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_memory_maps(p, 1, &maps, &n), CHECK(maps == NULL));
    psutil_free(maps);
    psutil_open_file_t *files = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_open_files(p, &files, &n), CHECK(files == NULL));
    psutil_free(files);
    psutil_thread_t *th = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_threads(p, &th, &n), CHECK(th == NULL));
    psutil_free(th);
    psutil_proc_t **kids = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_parents(p, &kids, &n), CHECK(kids == NULL));
    psutil_proc_list_close(kids, n);
    psutil_pid_t *pids = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_pids(&pids, &n), CHECK(pids == NULL));
    psutil_free(pids);
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_oneshot_begin(p), (void)0);
    psutil_proc_oneshot_end(p);
    psutil_proc_close(p);
}

TEST(allocation_failures_in_network_and_the_process_table)
{
    size_t n = 0;
    psutil_net_io_t *io = NULL, tot = {.bytes_sent = 3};
    FOR_EACH_ALLOCATION_FAILURE(psutil_net_io_counters_pernic(NULL, &io, &n), CHECK(io == NULL));
    psutil_free(io);
    FOR_EACH_ALLOCATION_FAILURE(psutil_net_io_counters(NULL, &tot), CHECK(tot.bytes_sent == 3));
    psutil_net_addr_t *ad = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_net_if_addrs(&ad, &n), CHECK(ad == NULL));
    psutil_free(ad);
    psutil_net_stats_t *st = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_net_if_stats(&st, &n), CHECK(st == NULL));
    psutil_free(st);
    psutil_connection_t *c = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &c, &n),
                                CHECK(c == NULL));
    psutil_free(c);
    psutil_proc_row_t *rows = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_table(PSUTIL_PF_ALL, &rows, &n), CHECK(rows == NULL));
    psutil_free(rows);
    /* The monitor: creating it, then refreshing it (first, then through kept fds, then at
     * a wider stride), each with every allocation failing in turn; a failed refresh
     * writes nothing and leaves a monitor whose next refresh is whole. */
    psutil_proc_monitor_t *m = NULL;
    FOR_EACH_ALLOCATION_FAILURE(psutil_proc_monitor_new(PSUTIL_PF_ALL, &m), CHECK(m == NULL));
    for (int round = 0; round < 3; round++) {
        const psutil_proc_row_t *mr = NULL;
        const psutil_proc_rate_t *rt = NULL;
        size_t row_size = sizeof(psutil_proc_row_t) + (round == 2 ? 64 : 0);
        n = 0;
        FOR_EACH_ALLOCATION_FAILURE(
            (psutil_proc_monitor_refresh)(m, &mr, &rt, &n, row_size, sizeof(*rt)),
            CHECK(mr == NULL && rt == NULL && n == 0));
        int self = 0;
        for (size_t i = 0; i < n; i++) {
            const psutil_proc_row_t *r = (const void *)((const char *)mr + i * row_size);
            self |= r->pid == getpid() && strcmp(r->name, "run") == 0;
        }
        CHECK_MSG(self, "round %d: this process is not in %zu rows", round, n);
    }
    psutil_proc_monitor_free(m);
}
