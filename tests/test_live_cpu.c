/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_live_cpu.c - CPU figures of this machine against independent sources taken at
 * the same moment: /proc read directly by the test, getconf/nproc/lscpu, and Debian's
 * python3-psutil 5.9.4 (/usr/bin/python3). Counters are bracketed: the oracle's value
 * must lie between our readings taken just before and just after it, give or take
 * the tolerance written beside the check.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static double tick(void)
{
    return 1.0 / (double)sysconf(_SC_CLK_TCK);
}

TEST(logical_count_matches_getconf_nproc_and_psutil)
{
    int n;
    char *out;
    CHECK_OK(psutil_cpu_count(1, &n));
    CHECK(run("getconf _NPROCESSORS_ONLN", &out) == 0);
    CHECK(n == atoi(out)); /* glibc reads sysfs "online" too */
    free(out);
    /* nproc counts the CPUs this process may run on: never more than online. */
    CHECK(run("nproc", &out) == 0);
    CHECK(n >= atoi(out));
    free(out);
    oracle *o = oracle_start("print('logical', psutil.cpu_count())\n"
                             "print('physical', psutil.cpu_count(logical=False))");
    CHECK(n == (int)oracle_get(o, "logical"));
    int phys;
    CHECK_OK(psutil_cpu_count(0, &phys));
    CHECK(phys == (int)oracle_get(o, "physical"));
    oracle_finish(o);
}

TEST(physical_count_matches_lscpu_cores)
{
    int n;
    char *out;
    CHECK_OK(psutil_cpu_count(0, &n));
    /* lscpu -p: one line per online CPU with its core and socket; distinct pairs. */
    CHECK(run("lscpu -p=CORE,SOCKET | grep -v '^#' | sort -u | wc -l", &out) == 0);
    CHECK_MSG(n == atoi(out), "psutil %d cores, lscpu %d", n, atoi(out));
    free(out);
}

/* The "cpu" line of /proc/stat, read naively. */
static void proc_stat_cpu(unsigned long long v[10])
{
    char *s = slurp("/proc/stat", NULL);
    memset(v, 0, 10 * sizeof(v[0]));
    CHECK(s && sscanf(s, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
                      &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) >= 4);
    free(s);
}

TEST(cpu_times_bracket_proc_stat_and_psutil)
{
    unsigned long long before[10], after[10];
    psutil_cpu_times_t t, t2;
    double hz = (double)sysconf(_SC_CLK_TCK);
    proc_stat_cpu(before);
    CHECK_OK(psutil_cpu_times(&t));
    proc_stat_cpu(after);
    /* Each of our fields lies between two direct readings taken around it. */
    CHECK_BETWEEN(t.user, before[0] / hz, after[0] / hz, 0);
    CHECK_BETWEEN(t.nice, before[1] / hz, after[1] / hz, 0);
    CHECK_BETWEEN(t.system, before[2] / hz, after[2] / hz, 0);
    CHECK_BETWEEN(t.idle, before[3] / hz, after[3] / hz, 0);
    CHECK_BETWEEN(t.iowait, before[4] / hz, after[4] / hz, 0);
    CHECK_BETWEEN(t.irq, before[5] / hz, after[5] / hz, 0);
    CHECK_BETWEEN(t.softirq, before[6] / hz, after[6] / hz, 0);
    CHECK_BETWEEN(t.steal, before[7] / hz, after[7] / hz, 0);
    CHECK_BETWEEN(t.guest, before[8] / hz, after[8] / hz, 0);
    CHECK_BETWEEN(t.guest_nice, before[9] / hz, after[9] / hz, 0);

    CHECK_OK(psutil_cpu_times(&t));
    oracle *o = oracle_start("t = psutil.cpu_times()\n"
                             "for k in t._fields: print(k, getattr(t, k))");
    CHECK_OK(psutil_cpu_times(&t2));
    /* Within a tick per field of the range our two readings span. */
    CHECK_BETWEEN(oracle_get(o, "user"), t.user, t2.user, tick());
    CHECK_BETWEEN(oracle_get(o, "system"), t.system, t2.system, tick());
    CHECK_BETWEEN(oracle_get(o, "idle"), t.idle, t2.idle, tick());
    CHECK_BETWEEN(oracle_get(o, "nice"), t.nice, t2.nice, tick());
    CHECK_BETWEEN(oracle_get(o, "iowait"), t.iowait, t2.iowait, tick());
    CHECK_BETWEEN(oracle_get(o, "irq"), t.irq, t2.irq, tick());
    CHECK_BETWEEN(oracle_get(o, "softirq"), t.softirq, t2.softirq, tick());
    CHECK_BETWEEN(oracle_get(o, "steal"), t.steal, t2.steal, tick());
    CHECK_BETWEEN(oracle_get(o, "guest"), t.guest, t2.guest, tick());
    CHECK_BETWEEN(oracle_get(o, "guest_nice"), t.guest_nice, t2.guest_nice, tick());
    oracle_finish(o);
}

TEST(percpu_times_bracket_psutil)
{
    psutil_cpu_times_t *a, *b;
    size_t na, nb;
    int logical;
    CHECK_OK(psutil_cpu_count(1, &logical));
    CHECK_OK(psutil_cpu_times_percpu(&a, &na));
    oracle *o = oracle_start("for i, t in enumerate(psutil.cpu_times(percpu=True)):\n"
                             "    print('%d.user' % i, t.user)\n"
                             "    print('%d.system' % i, t.system)\n"
                             "    print('%d.idle' % i, t.idle)\n"
                             "print('n', len(psutil.cpu_times(percpu=True)))");
    CHECK_OK(psutil_cpu_times_percpu(&b, &nb));
    CHECK(na == nb && na == (size_t)oracle_get(o, "n"));
    CHECK(na == (size_t)logical);
    for (size_t i = 0; i < na; i++) {
        char k[32];
        snprintf(k, sizeof(k), "%zu.user", i);
        CHECK_BETWEEN(oracle_get(o, k), a[i].user, b[i].user, tick());
        snprintf(k, sizeof(k), "%zu.system", i);
        CHECK_BETWEEN(oracle_get(o, k), a[i].system, b[i].system, tick());
        snprintf(k, sizeof(k), "%zu.idle", i);
        CHECK_BETWEEN(oracle_get(o, k), a[i].idle, b[i].idle, tick());
    }
    oracle_finish(o);
    psutil_free(a);
    psutil_free(b);
}

TEST(cpu_stats_bracket_proc_stat_and_psutil)
{
    psutil_cpu_stats_t a, b;
    unsigned long long ctxt, intr;
    CHECK_OK(psutil_cpu_stats(&a));
    char *s = slurp("/proc/stat", NULL);
    CHECK(field_u64(s, "ctxt ", 1, &ctxt) == 0 && field_u64(s, "intr ", 1, &intr) == 0);
    free(s);
    oracle *o = oracle_start("s = psutil.cpu_stats()\n"
                             "for k in s._fields: print(k, getattr(s, k))");
    CHECK_OK(psutil_cpu_stats(&b));
    CHECK_BETWEEN(ctxt, a.ctx_switches, b.ctx_switches, 0);
    CHECK_BETWEEN(intr, a.interrupts, b.interrupts, 0);
    CHECK_BETWEEN(oracle_get(o, "ctx_switches"), a.ctx_switches, b.ctx_switches, 0);
    CHECK_BETWEEN(oracle_get(o, "interrupts"), a.interrupts, b.interrupts, 0);
    CHECK_BETWEEN(oracle_get(o, "soft_interrupts"), a.soft_interrupts, b.soft_interrupts, 0);
    CHECK(oracle_get(o, "syscalls") == 0 && a.syscalls == 0);
    oracle_finish(o);
}

TEST(boot_time_matches_btime_uptime_and_psutil)
{
    double bt;
    unsigned long long btime;
    CHECK_OK(psutil_boot_time(&bt));
    char *s = slurp("/proc/stat", NULL);
    CHECK(field_u64(s, "btime ", 1, &btime) == 0);
    free(s);
    CHECK(bt == (double)btime);
    /* Independent: wall clock minus /proc/uptime. btime is whole seconds, and the
     * two clocks can disagree by NTP slew: 2 s. */
    double up;
    struct timeval tv;
    s = slurp("/proc/uptime", NULL);
    CHECK(s && sscanf(s, "%lf", &up) == 1);
    free(s);
    gettimeofday(&tv, NULL);
    CHECK_NEAR(bt, (double)tv.tv_sec - up, 2.0);
    oracle *o = oracle_start("print('boot', psutil.boot_time())");
    CHECK(oracle_get(o, "boot") == bt);
    oracle_finish(o);
}

TEST(loadavg_matches_proc_and_psutil)
{
    psutil_loadavg_t a, b;
    double direct[3];
    CHECK_OK(psutil_getloadavg(&a));
    char *s = slurp("/proc/loadavg", NULL);
    CHECK(s && sscanf(s, "%lf %lf %lf", &direct[0], &direct[1], &direct[2]) == 3);
    free(s);
    oracle *o = oracle_start("l = psutil.getloadavg()\n"
                             "print('l1', l[0]); print('l5', l[1]); print('l15', l[2])");
    CHECK_OK(psutil_getloadavg(&b));
    /* The kernel updates the averages every 5 s; a change between readings stays within
     * the span of our two readings. 0.005 for the file: it prints 2 decimals, as we read
     * them. 0.01 for the oracle: Python's os.getloadavg() can take the full-precision
     * value (sysinfo, 1/65536 steps: 0.935059 where the file says 0.93). */
    double lo = fmin(a.load1, b.load1), hi = fmax(a.load1, b.load1);
    CHECK_BETWEEN(direct[0], lo, hi, 0.005);
    CHECK_BETWEEN(oracle_get(o, "l1"), lo, hi, 0.01);
    CHECK_BETWEEN(oracle_get(o, "l5"), fmin(a.load5, b.load5), fmax(a.load5, b.load5), 0.01);
    CHECK_BETWEEN(oracle_get(o, "l15"), fmin(a.load15, b.load15), fmax(a.load15, b.load15), 0.01);
    oracle_finish(o);
}

TEST(cpu_freq_matches_psutil)
{
    psutil_cpu_freq_t f, *pf;
    size_t n;
    int rc = psutil_cpu_freq(&f);
    if (rc == PSUTIL_ENOTSUP) {
        oracle *o = oracle_start("print('none', 1 if psutil.cpu_freq() is None else 0)");
        CHECK(oracle_get(o, "none") == 1);
        oracle_finish(o);
        harness_skip("this machine reports no CPU frequency (psutil agrees)");
    }
    CHECK_OK(rc);
    CHECK_OK(psutil_cpu_freq_percpu(&pf, &n));
    oracle *o = oracle_start("f = psutil.cpu_freq()\n"
                             "print('cur', f.current); print('min', f.min); print('max', f.max)\n"
                             "print('n', len(psutil.cpu_freq(percpu=True)))");
    /* Frequency scaling moves the current value between reads: 10 %. Limits are fixed. */
    CHECK_NEAR(f.current, oracle_get(o, "cur"), 0.10 * oracle_get(o, "cur"));
    CHECK_NEAR(f.min, oracle_get(o, "min"), 1e-6);
    CHECK_NEAR(f.max, oracle_get(o, "max"), 1e-6);
    CHECK(n == (size_t)oracle_get(o, "n"));
    oracle_finish(o);
    psutil_free(pf);
}

TEST(cpu_percent_sees_a_busy_child)
{
    psutil_cpu_sampler_t s;
    double pct;
    psutil_cpu_percent_t *per;
    size_t n;
    psutil_cpu_times_t modes;
    CHECK_OK(psutil_cpu_sampler_init(&s));
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    CHECK(pct == 0.0); /* first call: no previous sample */
    CHECK_OK(psutil_cpu_percent_percpu(&s, &per, &n));
    for (size_t i = 0; i < n; i++)
        CHECK(per[i].percent == 0.0);
    psutil_free(per);
    int child = spawn_spinner();
    usleep(500000);
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    CHECK_OK(psutil_cpu_percent_percpu(&s, &per, &n));
    kill_child(child);
    int logical;
    CHECK_OK(psutil_cpu_count(1, &logical));
    /* One spinning process keeps one CPU of `logical` busy: 100/logical % of the total;
     * a shared machine can only add to that. Half of it leaves room for scheduling. */
    CHECK_MSG(pct >= 50.0 / logical && pct <= 100.0, "busy %.1f%% with a spinning child", pct);
    double maxcpu = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(per[i].percent >= 0.0 && per[i].percent <= 100.0);
        CHECK(per[i].cpu >= 0 && (i == 0 || per[i].cpu > per[i - 1].cpu));
        maxcpu = fmax(maxcpu, per[i].percent);
    }
    CHECK_MSG(maxcpu >= 50.0, "no CPU above 50%% (max %.1f)", maxcpu);
    psutil_free(per);
    /* Mode shares add up to 100 (guest modes are inside user and nice). */
    CHECK_OK(psutil_cpu_times_percent(&s, &modes));
    usleep(200000);
    CHECK_OK(psutil_cpu_times_percent(&s, &modes));
    double sum = modes.user + modes.system + modes.idle + modes.nice + modes.iowait + modes.irq +
                 modes.softirq + modes.steal;
    CHECK_NEAR(sum, 100.0, 0.01);
    psutil_cpu_sampler_destroy(&s);
}

TEST(interval_variants_block_for_the_interval)
{
    double t0 = now(), pct;
    psutil_cpu_percent_t *per;
    size_t n;
    psutil_cpu_times_t modes, *pm;
    CHECK_OK(psutil_cpu_percent_interval(0.1, &pct));
    CHECK(now() - t0 >= 0.099); /* correctness of the sleep, not a speed test */
    CHECK(pct >= 0.0 && pct <= 100.0);
    CHECK_OK(psutil_cpu_times_percent_interval(0.1, &modes));
    CHECK_NEAR(modes.user + modes.system + modes.idle + modes.nice + modes.iowait + modes.irq +
                   modes.softirq + modes.steal,
               100.0, 0.01);
    CHECK_OK(psutil_cpu_percent_percpu_interval(0.1, &per, &n));
    int logical;
    CHECK_OK(psutil_cpu_count(1, &logical));
    CHECK(n == (size_t)logical);
    psutil_free(per);
    CHECK_OK(psutil_cpu_times_percent_percpu_interval(0.1, &pm, &n));
    CHECK(n == (size_t)logical);
    for (size_t i = 0; i < n; i++)
        CHECK(pm[i].idle >= 0.0 && pm[i].idle <= 100.0);
    psutil_free(pm);
}

TEST(cpu_percent_agrees_with_psutil_over_the_same_window)
{
    /* Both sample at the oracle's two points: ours right before its first and right
     * after its second sample, over a 1 s window with a busy child. The windows differ
     * by the oracle's start-up, so the figures agree within 15 points. */
    psutil_cpu_sampler_t s;
    double pct;
    int child = spawn_spinner();
    CHECK_OK(psutil_cpu_sampler_init(&s));
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    oracle *o = oracle_start("print('pct', psutil.cpu_percent(interval=1.0))");
    CHECK_OK(psutil_cpu_percent(&s, &pct));
    kill_child(child);
    CHECK_NEAR(pct, oracle_get(o, "pct"), 15.0);
    oracle_finish(o);
    psutil_cpu_sampler_destroy(&s);
}
