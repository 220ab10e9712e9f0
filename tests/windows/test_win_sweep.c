/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_win_sweep.c - every public function of the call table (tests/calls.c, the one the
 * Linux fault-injection and unprivileged sweeps use) on the Windows backend: the
 * system-wide ones once, the per-process ones on every pid. Each answers 0 or a code its
 * documentation gives, exactly PSUTIL_ENOTSUP where docs/SUPPORTED_PLATFORMS.md says
 * Windows has no equivalent, and writes nothing on an error.
 */
#include "win_util.h"

#include <string.h>

#include "../calls.h"

/* What docs/SUPPORTED_PLATFORMS.md lists as PSUTIL_ENOTSUP on Windows. */
static const char *const never[] = {
    "getloadavg",
    "meminfo",
    "vmstat",
    "net_snmp",
    "net_sockstat",
    "net_conntrack",
    "net_softnet",
    "cpu_schedstat",
    "md_arrays",
    "sensors_thermal_zones",
    "sensors_cooling_devices",
    "net_arp",
    "sysctl",
    "cgroup_limits",
    "cgroup_stats",
    "pressure",
    "sensors_temperatures",
    "sensors_fans",
    "proc_terminal",
    "proc_container_id",
    "proc_uids",
    "proc_gids",
    "proc_rlimit",
    "proc_cpu_num",
    "proc_page_faults",
    "proc_namespaces",
    "proc_cgroups",
};
/* What the machine decides: a battery, disk counters, I/O priority and the working-set
 * list (wine has none of the last three). */
static const char *const maybe[] = {"sensors_battery", "disk_io_counters",
                                    "disk_io_counters_perdisk", "proc_ionice",
                                    "proc_memory_full_info"};

static int listed(const char *name, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0)
            return 1;
    return 0;
}
#define LISTED(name, v) listed((name), (v), sizeof(v) / sizeof((v)[0]))

/* Runs call c into a buffer of sentinel bytes: an error must leave them all. */
static int run_call(const struct call *c)
{
    static unsigned char out[CALL_OUT_MAX];
    memset(out, 0xA5, sizeof(out));
    int rc = c->run(out);
    if (rc != 0)
        for (size_t k = 0; k < c->size; k++)
            CHECK_MSG(out[k] == 0xA5, "%s (pid %lld) wrote byte %zu before failing with %s",
                      c->name, (long long)calls_target, k, psutil_err_name(rc));
    return rc;
}

static void expect(const struct call *c, int rc, int self)
{
    const char *n = c->name;
    if (LISTED(n, never)) {
        /* A process gone or denied is found out before the function is known not to be
         * there (identity first). */
        CHECK_MSG(rc == PSUTIL_ENOTSUP || (!self && (rc == PSUTIL_EACCES || psutil_is_gone(rc))),
                  "%s (pid %lld): %s, not PSUTIL_ENOTSUP", n, (long long)calls_target,
                  psutil_err_name(rc));
    } else if (self || c->heavy) {
        CHECK_MSG(rc == 0 || (rc == PSUTIL_ENOTSUP && LISTED(n, maybe)), "%s (pid %lld): %s", n,
                  (long long)calls_target, psutil_err_name(rc));
    } else {
        CHECK_MSG(rc == 0 || rc == PSUTIL_EACCES || psutil_is_gone(rc) ||
                      (rc == PSUTIL_ENOTSUP && LISTED(n, maybe)),
                  "%s (pid %lld): %s", n, (long long)calls_target, psutil_err_name(rc));
    }
}

TEST(every_public_function_answers_a_documented_code_and_writes_nothing_on_error)
{
    DWORD me = GetCurrentProcessId();
    calls_target = (psutil_pid_t)me;
    for (size_t i = 0; i < CALLS_PROC; i++)
        expect(&calls[i], run_call(&calls[i]), 1);
    for (size_t i = CALLS_PROC; i < ncalls; i++)
        expect(&calls[i], run_call(&calls[i]), 1);

    PROCESS_INFORMATION pi = start_child("sleep", NULL, NULL, NULL);
    psutil_pid_t *pids;
    size_t n;
    CHECK_OK(psutil_pids(&pids, &n));
    size_t swept = 0, denied = 0;
    for (size_t k = 0; k < n; k++) {
        if (pids[k] == (psutil_pid_t)me)
            continue;
        calls_target = pids[k];
        for (size_t i = CALLS_PROC; i < ncalls; i++) {
            if (calls[i].heavy)
                continue;
            int rc = run_call(&calls[i]);
            expect(&calls[i], rc, 0);
            denied += rc == PSUTIL_EACCES;
        }
        swept++;
    }
    psutil_free(pids);
    end_child(&pi);
    /* The child, wine's services and (on Windows) System and the idle process. */
    CHECK_MSG(swept >= 3, "only %zu other processes", swept);
    /* The System Idle Process (pid 0) cannot be opened: denied, as psutil says. */
    calls_target = 0;
    psutil_proc_t *p;
    if (psutil_proc_open(0, &p) == 0) {
        char *s;
        CHECK_RC(psutil_proc_cwd(p, &s), PSUTIL_EACCES);
        psutil_proc_close(p);
        CHECK(denied > 0);
    }
}
