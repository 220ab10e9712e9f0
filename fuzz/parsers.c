/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parsers.c - one fuzz target per Linux parser, each a (buffer, length) -> struct
 * function of src/linux/linux.h or proc.h, fed what the kernel has not written yet.
 * Every target accepts only the codes the parser documents and checks what its output
 * promises: counts within bounds, percentages within 0..100 and finite, strings inside
 * the buffer or NUL-terminated within their arrays.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../src/linux/linux.h"
#include "../src/linux/proc.h"
#include "fuzz.h"

char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

static int is_pct(double v)
{
    return isfinite(v) && v >= 0 && v <= 100;
}

static int within(const char *p, size_t n, const char *buf, size_t len)
{
    return p >= buf && p <= buf + len && n <= (size_t)(buf + len - p);
}

#define TEXT_TARGET(name)                                                                          \
    static void check_##name(const char *s, size_t n);                                             \
    static void fuzz_##name(const uint8_t *data, size_t size)                                      \
    {                                                                                              \
        char *s = fuzz_text(data, size);                                                           \
        if (s)                                                                                     \
            check_##name(s, size);                                                                 \
        free(s);                                                                                   \
    }                                                                                              \
    static void check_##name(const char *s, size_t n)

/* --- system files ------------------------------------------------------------------- */

TEXT_TARGET(proc_stat)
{
    psutil__proc_stat st;
    psutil__cpu_ticks pc[8];
    int rc = psutil__parse_proc_stat(s, n, &st, pc, 8);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc != 0)
        return;
    for (size_t i = 0; i < st.ncpu && i < 8; i++)
        FUZZ_CHECK(pc[i].cpu >= 0 && pc[i].cpu < PSUTIL__CPU_LIMIT);
    FUZZ_CHECK(st.total.cpu == -1 || !(st.have & PSUTIL__STAT_HAVE_TOTAL));
    psutil_cpu_times_t t;
    psutil__ticks_to_times(&st.total, 100, &t);
    const double *v[] = {&t.user, &t.system,  &t.idle,  &t.nice,  &t.iowait,
                         &t.irq,  &t.softirq, &t.steal, &t.guest, &t.guest_nice};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        FUZZ_CHECK(isfinite(*v[i]) && *v[i] >= 0);
}

TEXT_TARGET(meminfo)
{
    psutil__meminfo mi;
    int rc = psutil__parse_meminfo(s, n, &mi);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0) {
        FUZZ_CHECK(mi.have & (1u << PSUTIL__MI_MEMTOTAL));
        FUZZ_CHECK((mi.have & mi.bad) == 0);
        const uint64_t lows[] = {0, 4096 * 100ull, UINT64_MAX};
        for (size_t i = 0; i < 3; i++) {
            psutil_virtual_memory_t vm;
            psutil__virtual_memory_from(&mi, psutil__estimate_available(&mi, lows[i]), &vm);
            FUZZ_CHECK(vm.available <= vm.total && vm.used <= vm.total);
            FUZZ_CHECK(vm.used == vm.total - vm.available);
            FUZZ_CHECK(vm.free <= vm.total && vm.cached <= vm.total && vm.buffers <= vm.total);
            FUZZ_CHECK(vm.active <= vm.total && vm.inactive <= vm.total);
            FUZZ_CHECK(vm.shared <= vm.total && vm.slab <= vm.total);
            FUZZ_CHECK(is_pct(vm.percent));
        }
        psutil_swap_memory_t sw;
        psutil__swap_from(&mi, &sw);
        FUZZ_CHECK(sw.free <= sw.total && sw.used == sw.total - sw.free);
        FUZZ_CHECK(is_pct(sw.percent));
    }
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_meminfo_field);
    rc = psutil__parse_meminfo_all(s, n, &pk);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        const psutil_meminfo_field_t *f = block;
        for (size_t i = 0; i < nrec; i++)
            FUZZ_CHECK(f[i].name && f[i].name[0] && (f[i].bytes == 0 || f[i].bytes == 1));
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
}

TEXT_TARGET(zoneinfo)
{
    uint64_t pages;
    int rc = psutil__parse_zoneinfo_low(s, n, &pages);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
}

TEXT_TARGET(vmstat)
{
    uint64_t in, out;
    int rc = psutil__parse_vmstat_swap(s, n, &in, &out);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    /* Every line: names are names, and where the swap parser took the file, the list's
     * last pswpin and pswpout are its figures. */
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_vmstat_field);
    int all = psutil__parse_vmstat_all(s, n, &pk);
    FUZZ_CHECK(all == 0 || all == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (all == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        const psutil_vmstat_field_t *f = block;
        uint64_t last_in = 0, last_out = 0;
        for (size_t i = 0; i < nrec; i++) {
            FUZZ_CHECK(f[i].name && psutil__is_name(f[i].name, strlen(f[i].name)));
            if (strcmp(f[i].name, "pswpin") == 0)
                last_in = f[i].value;
            else if (strcmp(f[i].name, "pswpout") == 0)
                last_out = f[i].value;
        }
        if (rc == 0)
            FUZZ_CHECK(last_in == in && last_out == out);
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
}

TEXT_TARGET(loadavg)
{
    psutil_loadavg_t l;
    int rc = psutil__parse_loadavg(s, n, &l);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(isfinite(l.load1) && isfinite(l.load5) && isfinite(l.load15) && l.load1 >= 0 &&
                   l.load5 >= 0 && l.load15 >= 0);
}

struct cpus_seen {
    int n, highest;
};

static int on_cpu(void *arg, int cpu)
{
    struct cpus_seen *c = arg;
    FUZZ_CHECK(cpu >= 0 && cpu < PSUTIL__CPU_LIMIT);
    c->n++;
    c->highest = cpu > c->highest ? cpu : c->highest;
    return 0;
}

TEXT_TARGET(cpulist)
{
    int count, highest;
    int rc = psutil__parse_cpulist(s, n, &count, &highest);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc != 0)
        return;
    FUZZ_CHECK(count >= 0 && highest >= -1 && highest < PSUTIL__CPU_LIMIT);
    FUZZ_CHECK(count == 0 ? highest == -1 : highest >= 0);
    struct cpus_seen c = {0, -1};
    FUZZ_CHECK(psutil__cpulist_each(s, n, on_cpu, &c) == 0);
    FUZZ_CHECK(c.n == count && c.highest == highest);
}

TEXT_TARGET(cpuinfo)
{
    double mhz[16];
    size_t ncpu;
    int rc = psutil__parse_cpuinfo_mhz(s, n, mhz, 16, &ncpu);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0) {
        FUZZ_CHECK(ncpu <= PSUTIL__CPU_LIMIT);
        for (size_t i = 0; i < ncpu && i < 16; i++)
            FUZZ_CHECK(isfinite(mhz[i]) && mhz[i] >= -1);
    }
    int cores;
    rc = psutil__parse_cpuinfo_cores(s, n, &cores);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(cores >= 0);
}

TEXT_TARGET(mounts)
{
    char *scratch = malloc(n + 4);
    if (!scratch)
        return;
    for (const char *line = s, *end = s + n; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
        const char *f[4];
        int rc = psutil__parse_mount_line(line, len, scratch, f);
        FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
        if (rc == 0) {
            for (int i = 0; i < 4; i++)
                FUZZ_CHECK(f[i] >= scratch && f[i] + strlen(f[i]) < scratch + len + 4);
            int phys = psutil__fs_is_physical(s, n, f[2]);
            FUZZ_CHECK(phys == 0 || phys == 1);
        }
        line += len + 1;
    }
    free(scratch);
}

static int on_disk(void *arg, const char *name, const uint64_t v[PSUTIL__DISK_NVALS])
{
    (void)arg;
    (void)v;
    size_t len = strlen(name);
    FUZZ_CHECK(len > 0 && len < 256);
    return 0;
}

TEXT_TARGET(diskstats)
{
    int rc = psutil__parse_diskstats(s, n, on_disk, NULL);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
}

static void check_users(int rc, psutil__pack *pk)
{
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(pk, &block, &nrec) == 0) {
        const psutil_user_t *u = block;
        for (size_t i = 0; i < nrec; i++)
            FUZZ_CHECK(u[i].name && u[i].terminal && u[i].host && isfinite(u[i].started));
        psutil_free(block);
        return;
    }
    psutil__pack_release(pk);
}

TEXT_TARGET(utmp)
{
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_user);
    check_users(psutil__parse_utmp(s, n, &pk), &pk);
    PSUTIL__PACK_INIT(&pk, psutil__layout_user);
    check_users(psutil__parse_logind_session(s, n, &pk), &pk);
}

TEXT_TARGET(pressure)
{
    (void)n; /* a PSI file is read as a C string */
    psutil_pressure_t p;
    int rc = psutil__parse_pressure(s, &p);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(is_pct(p.some_avg10) && is_pct(p.some_avg60) && is_pct(p.some_avg300) &&
                   is_pct(p.full_avg10) && is_pct(p.full_avg60) && is_pct(p.full_avg300));
}

/* --- process files ------------------------------------------------------------------ */

TEXT_TARGET(pid_stat)
{
    psutil__pstat st;
    int rc = psutil__parse_pid_stat(s, n, &st);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc != 0)
        return;
    FUZZ_CHECK(memchr(st.comm, '\0', sizeof(st.comm)) != NULL);
    FUZZ_CHECK(st.nice >= -20 && st.nice <= 19);
    FUZZ_CHECK(st.num_threads >= 0 && st.rss >= 0 && st.cutime >= 0 && st.cstime >= 0);
    FUZZ_CHECK(st.processor >= -1 && st.processor <= INT32_MAX);
    psutil_proc_cpu_times_t t;
    psutil__pf_cpu_times(&st, 100, &t);
    FUZZ_CHECK(isfinite(t.user) && t.user >= 0 && isfinite(t.system) && t.system >= 0);
    FUZZ_CHECK(t.children_user >= 0 && t.children_system >= 0 && t.iowait >= 0);
    FUZZ_CHECK(isfinite(psutil__pf_create_time(st.starttime, 1.7e9, 100)));
}

TEXT_TARGET(status)
{
    psutil_ids_t ids;
    int rc = psutil__parse_ids(s, n, "Uid:", &ids);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    size_t vlen;
    const char *v = psutil__kv(s, n, "Name:", &vlen);
    FUZZ_CHECK(!v || within(v, vlen, s, n));
    uint64_t x;
    int absent;
    rc = psutil__kv_u64(s, n, "VmRSS:", &x, &absent);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    FUZZ_CHECK(rc != 0 || !absent);
    psutil_ctx_switches_t cs;
    const char *missing = NULL;
    rc = psutil__pf_ctx_switches(s, n, &cs, &missing);
    FUZZ_CHECK(rc == 0 || (rc == PSUTIL_EPARSE && missing));
}

TEXT_TARGET(statm)
{
    uint64_t v[7];
    int rc = psutil__parse_statm(s, n, v);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    psutil_proc_memory_t m;
    int rc2 = psutil__pf_memory(s, n, 4096, &m);
    FUZZ_CHECK(rc2 == rc);
}

TEXT_TARGET(limits)
{
    psutil_rlimit_t rl = {7, 7};
    int rc = psutil__parse_limits_nofile(s, n, &rl);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    /* Found means the line is there, whole. */
    FUZZ_CHECK(rc != 0 || memmem(s, n, "Max open files", 14) != NULL);
}

TEXT_TARGET(io)
{
    psutil_proc_io_t io;
    const char *missing = NULL;
    int rc = psutil__pf_io(s, n, &io, &missing);
    FUZZ_CHECK(rc == 0 || (rc == PSUTIL_EPARSE && missing));
}

struct smaps_ctx {
    const char *s;
    size_t n;
};

static int on_map(void *arg, const psutil__smap *m)
{
    const struct smaps_ctx *c = arg;
    FUZZ_CHECK(within(m->addr, m->addr_len, c->s, c->n));
    FUZZ_CHECK(within(m->perms, m->perms_len, c->s, c->n));
    FUZZ_CHECK(m->path_len == 0 || within(m->path, m->path_len, c->s, c->n));
    return 0;
}

TEXT_TARGET(smaps)
{
    uint64_t uss, pss, swap;
    int rc = psutil__parse_smaps_totals(s, n, &uss, &pss, &swap);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    struct smaps_ctx c = {s, n};
    rc = psutil__parse_smaps(s, n, on_map, &c);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
}

TEXT_TARGET(fdinfo)
{
    uint64_t pos;
    int flags;
    int rc = psutil__parse_fdinfo(s, n, &pos, &flags);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(flags >= 0);
}

struct args_ctx {
    const char *s;
    size_t n, total, count;
};

static int on_arg(void *arg, const char *a, size_t len)
{
    struct args_ctx *c = arg;
    FUZZ_CHECK(memchr(a, '\0', len) == NULL);
    c->total += len;
    c->count++;
    return 0;
}

TEXT_TARGET(cmdline)
{
    struct args_ctx c = {s, n, 0, 0};
    FUZZ_CHECK(psutil__split_cmdline(s, n, on_arg, &c) == 0);
    FUZZ_CHECK(c.total <= n && (n == 0) == (c.count == 0));
}

static int on_env(void *arg, const char *key, size_t klen, const char *val, size_t vlen)
{
    const struct args_ctx *c = arg;
    FUZZ_CHECK(klen > 0 && memchr(key, '=', klen) == NULL);
    FUZZ_CHECK(within(key, klen, c->s, c->n) && within(val, vlen, c->s, c->n));
    FUZZ_CHECK(memchr(val, '\0', vlen) == NULL);
    return 0;
}

TEXT_TARGET(environ)
{
    struct args_ctx c = {s, n, 0, 0};
    FUZZ_CHECK(psutil__split_environ(s, n, on_env, &c) == 0);
}

static int on_cgroup_line(void *arg, const char *id, size_t idl, const char *ctl, size_t cl,
                          const char *path, size_t pl)
{
    const struct args_ctx *c = arg;
    FUZZ_CHECK(within(id, idl, c->s, c->n) && within(ctl, cl, c->s, c->n));
    FUZZ_CHECK(within(path, pl, c->s, c->n));
    return 0;
}

TEXT_TARGET(cgroup)
{
    struct args_ctx c = {s, n, 0, 0};
    FUZZ_CHECK(psutil__pf_each_cgroup_line(s, n, on_cgroup_line, &c) == 0);
    psutil__buf b = {0};
    int rc = psutil__pf_cgroup_text(s, n, &b);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    if (rc == 0)
        FUZZ_CHECK(b.data && strlen(b.data) <= n);
    psutil__buf_release(&b);
    char id[65];
    memset(id, 'x', sizeof(id));
    int found = psutil__pf_container_id(s, n, id);
    FUZZ_CHECK(memchr(id, '\0', sizeof(id)) != NULL);
    FUZZ_CHECK(found ? id[0] != '\0' : id[0] == '\0');
}

/* --- network ------------------------------------------------------------------------ */

static int on_nic(void *arg, const char *name, size_t nlen, const uint64_t v[16])
{
    const struct args_ctx *c = arg;
    (void)v;
    FUZZ_CHECK(within(name, nlen, c->s, c->n) && nlen > 0 && !memchr(name, '\0', nlen));
    return 0;
}

TEXT_TARGET(net_dev)
{
    struct args_ctx c = {s, n, 0, 0};
    int rc = psutil__parse_net_dev(s, n, on_nic, &c);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
}

/* The first byte picks the parser: /proc/net/snmp and netstat, snmp6, sockstat,
 * stat/nf_conntrack. Every
 * counter is named "<proto>_<name>", both parts non-empty, and there are never more
 * counters than bytes. */
static void fuzz_net_snmp(const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    char *s = fuzz_text(data + 1, size - 1);
    if (!s)
        return;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_counter);
    int which = data[0] % 4;
    int rc = which == 0   ? psutil__parse_net_snmp(s, size - 1, &pk)
             : which == 1 ? psutil__parse_net_snmp6(s, size - 1, &pk)
             : which == 2 ? psutil__parse_net_sockstat(s, size - 1, &pk)
                          : psutil__parse_conntrack_stat(s, size - 1, &pk);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        const psutil_net_counter_t *c = block;
        FUZZ_CHECK(nrec <= size);
        for (size_t i = 0; i < nrec; i++) {
            /* The joining '_' has text on both sides (a protocol may hold '_' too). */
            size_t len = c[i].name ? strlen(c[i].name) : 0;
            FUZZ_CHECK(len >= 3 && memchr(c[i].name + 1, '_', len - 2) != NULL);
        }
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
    free(s);
}

/* /proc/schedstat: CPU numbers never negative, never more lines than bytes / 20 (a
 * "cpuN" and nine figures). */
static void fuzz_schedstat(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size);
    if (!s)
        return;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_schedstat);
    int rc = psutil__parse_schedstat(s, size, &pk);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        FUZZ_CHECK(nrec <= size / 20 + 1);
        for (size_t i = 0; i < nrec; i++)
            FUZZ_CHECK(((const psutil_schedstat_t *)block)[i].cpu >= 0);
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
    free(s);
}

/* /proc/mdstat: names, states and levels are strings; counts never negative, never
 * more arrays than lines, synced blocks never past the size unless a sync line says so. */
static void fuzz_mdstat(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size);
    if (!s)
        return;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_md_array);
    int rc = psutil__parse_mdstat(s, size, &pk);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        FUZZ_CHECK(nrec <= size / 2 + 1);
        for (size_t i = 0; i < nrec; i++) {
            const psutil_md_array_t *a = (const psutil_md_array_t *)block + i;
            FUZZ_CHECK(a->name && a->name[0] && a->state && a->level && a->disks_required >= 0 &&
                       a->disks_active >= 0 && a->disks_failed >= 0 && a->disks_spare >= 0 &&
                       a->disks_down >= 0);
        }
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
    free(s);
}

/* A /proc/sys file: on success the count is the number of integers (never more than
 * half the bytes, rounded up), the first eight written and the rest untouched. */
TEXT_TARGET(sysctl)
{
    int64_t v[9];
    for (int i = 0; i < 9; i++)
        v[i] = 0x5a5a;
    size_t got = 12345;
    int rc = psutil__parse_sysctl(s, n, v, 8, &got);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    if (rc == 0)
        FUZZ_CHECK(got <= (n + 1) / 2);
    FUZZ_CHECK(v[8] == 0x5a5a);
}

/* The first byte picks the file: /proc/net/softnet_stat or /proc/net/arp. CPU numbers
 * are never negative; an ARP entry's strings are names (non-empty, no NUL). */
static void fuzz_net_tables(const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    char *s = fuzz_text(data + 1, size - 1);
    if (!s)
        return;
    int arp = data[0] % 2;
    psutil__pack pk;
    if (arp)
        PSUTIL__PACK_INIT(&pk, psutil__layout_net_arp);
    else
        PSUTIL__PACK_INIT(&pk, psutil__layout_softnet);
    int rc =
        arp ? psutil__parse_net_arp(s, size - 1, &pk) : psutil__parse_softnet(s, size - 1, &pk);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_ENOMEM);
    void *block = NULL;
    size_t nrec = 0;
    if (rc == 0 && psutil__pack_finish(&pk, &block, &nrec) == 0) {
        FUZZ_CHECK(nrec <= size);
        for (size_t i = 0; i < nrec; i++) {
            if (arp) {
                const psutil_net_arp_t *a = (const psutil_net_arp_t *)block + i;
                FUZZ_CHECK(a->ip[0] && a->hw_address[0] && a->mask[0] && a->device[0] &&
                           a->hw_type >= 0 && a->flags >= 0);
            } else {
                FUZZ_CHECK(((const psutil_softnet_t *)block)[i].cpu >= 0);
            }
        }
        psutil_free(block);
    } else {
        psutil__pack_release(&pk);
    }
    free(s);
}

static int on_sock(void *arg, const psutil__sock *k)
{
    const struct args_ctx *c = arg;
    FUZZ_CHECK(k->lport >= 0 && k->lport <= 65535 && k->rport >= 0 && k->rport <= 65535);
    FUZZ_CHECK(k->status >= PSUTIL_CONN_NONE && k->status <= PSUTIL_CONN_CLOSING);
    FUZZ_CHECK(k->path);
    if (c)
        FUZZ_CHECK(k->path_len == 0 || within(k->path, k->path_len, c->s, c->n));
    else
        FUZZ_CHECK(k->path_len <= 108);
    return 0;
}

/* The first byte picks the file: tcp, tcp6, udp, udp6, unix. */
static void fuzz_proc_net(const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    char *s = fuzz_text(data + 1, size - 1);
    if (!s)
        return;
    static const struct {
        int family, type;
    } files[] = {{PSUTIL_AF_INET, PSUTIL_SOCK_STREAM},
                 {PSUTIL_AF_INET6, PSUTIL_SOCK_STREAM},
                 {PSUTIL_AF_INET, PSUTIL_SOCK_DGRAM},
                 {PSUTIL_AF_INET6, PSUTIL_SOCK_DGRAM}};
    struct args_ctx c = {s, size - 1, 0, 0};
    int which = data[0] % 5, rc;
    if (which == 4)
        rc = psutil__parse_proc_net_unix(s, size - 1, on_sock, &c);
    else
        rc = psutil__parse_proc_net_inet(s, size - 1, files[which].family, files[which].type,
                                         on_sock, &c);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL_EPARSE);
    free(s);
}

/* The first byte picks the table (tcp, tcp6, udp, udp6, unix); the rest is one recv()'s
 * worth of a NETLINK_SOCK_DIAG dump, in an aligned buffer as the socket fills it. */
static void fuzz_sock_diag(const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    char *s = fuzz_text(data + 1, size - 1);
    if (!s)
        return;
    static const int family[] = {PSUTIL_AF_INET, PSUTIL_AF_INET6, PSUTIL_AF_INET, PSUTIL_AF_INET6,
                                 PSUTIL_AF_UNIX};
    int which = data[0] % 5, fn_rc, err;
    int rc = psutil__parse_sock_diag(s, size - 1, family[which],
                                     which < 2 ? PSUTIL_SOCK_STREAM : PSUTIL_SOCK_DGRAM, on_sock,
                                     NULL, &fn_rc, &err);
    FUZZ_CHECK(rc == 0 || rc == PSUTIL__NL_MORE || rc == PSUTIL_EPARSE ||
               (rc == PSUTIL_EOS && err > 0));
    FUZZ_CHECK(fn_rc == 0 || fn_rc == PSUTIL_EPARSE);
    free(s);
}

const struct fuzz_target fuzz_targets[] = {
    {"proc_stat", fuzz_proc_stat, "*/proc/stat malformed/stat-*", NULL},
    {"meminfo", fuzz_meminfo, "*meminfo*", NULL},
    {"zoneinfo", fuzz_zoneinfo, "*zoneinfo*", NULL},
    {"vmstat", fuzz_vmstat, "*vmstat*", NULL},
    {"loadavg", fuzz_loadavg, "*loadavg*", NULL},
    {"cpulist", fuzz_cpulist,
     "*_list */cpu/online */cpu/present */cpu/possible *affected_cpus *cpus.effective", NULL},
    {"cpuinfo", fuzz_cpuinfo, "*cpuinfo*", NULL},
    {"mounts", fuzz_mounts, "*mounts* *mountinfo", NULL},
    {"diskstats", fuzz_diskstats, "*diskstats*", NULL},
    {"utmp", fuzz_utmp, "*utmp* *sessions/*", NULL},
    {"pressure", fuzz_pressure, "*pressure*", NULL},
    {"pid_stat", fuzz_pid_stat, "*/proc/[0-9]*/stat proc-pid/*stat-* proc-pid/sleep-stat", NULL},
    {"status", fuzz_status, "*/status proc-pid/*status*", NULL},
    {"statm", fuzz_statm, "*statm*", NULL},
    {"limits", fuzz_limits, "*limits*", NULL},
    {"io", fuzz_io, "*/io proc-pid/*-io", NULL},
    {"smaps", fuzz_smaps, "*smaps*", NULL},
    {"fdinfo", fuzz_fdinfo, "*fdinfo*", NULL},
    {"cmdline", fuzz_cmdline, "*cmdline*", NULL},
    {"environ", fuzz_environ, "*environ*", NULL},
    {"cgroup", fuzz_cgroup, "*/cgroup", NULL},
    {"net_dev", fuzz_net_dev, "*net/dev net/*dev", NULL},
    {"net_snmp", fuzz_net_snmp, "*net/snmp *net/netstat|*net/snmp6|*net/sockstat*|*nf_conntrack",
     NULL},
    {"net_tables", fuzz_net_tables, "*net/softnet_stat|*net/arp", NULL},
    {"schedstat", fuzz_schedstat, "*schedstat", NULL},
    {"mdstat", fuzz_mdstat, "*mdstat", NULL},
    {"sysctl", fuzz_sysctl, "*/sys/fs/* */sys/kernel/* */sys/net/*", NULL},
    {"proc_net", fuzz_proc_net,
     "*/tcp net/malformed-tcp|*/tcp6|*/udp|*/udp6|*/unix net/malformed-unix", NULL},
    {"sock_diag", fuzz_sock_diag, NULL, NULL},
    {"family_memory", fuzz_family_memory, NULL, fuzz_files_memory},
    {"family_cpu", fuzz_family_cpu, NULL, fuzz_files_cpu},
    {"family_proc", fuzz_family_proc, NULL, fuzz_files_proc},
    {"family_net", fuzz_family_net, NULL, fuzz_files_net},
    {"family_disks", fuzz_family_disks, NULL, fuzz_files_disks},
    {"family_sensors", fuzz_family_sensors, NULL, fuzz_files_sensors},
    {"family_users", fuzz_family_users, NULL, fuzz_files_users},
    {"family_cgroup", fuzz_family_cgroup, NULL, fuzz_files_cgroup},
    {NULL, NULL, NULL, NULL},
};

const struct fuzz_target *fuzz_find(const char *name)
{
    for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}
