/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpu.c - CPU counts and frequencies on Linux. Sources:
 * - sysfs devices/system/cpu/online, cpuN/topology/core_cpus_list (fallback
 *   thread_siblings_list) (Documentation/admin-guide/cputopology.rst);
 * - sysfs devices/system/cpu/cpufreq/policyN/{affected_cpus, scaling_cur_freq,
 *   scaling_min_freq, scaling_max_freq} in kHz, or the pre-policy cpuN/cpufreq/
 *   (Documentation/admin-guide/pm/cpufreq.rst);
 * - /proc/cpuinfo "processor", "cpu MHz", "physical id", "cpu cores" (x86 names);
 * - /proc/stat cpuN lines as the last word on the logical count.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"

/* --- CPU lists ------------------------------------------------------------------- */

int psutil__cpulist_each(const char *buf, size_t len, int (*fn)(void *, int), void *arg)
{
    const char *p = buf, *end = buf + len;
    while (end > p && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (p == end)
        return 0;
    for (;;) {
        uint64_t a, b;
        if (psutil__parse_u64(&p, end, &a) != 0 || a >= PSUTIL__CPU_LIMIT)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "CPU list: number expected");
        b = a;
        if (p < end && *p == '-') {
            p++;
            if (psutil__parse_u64(&p, end, &b) != 0 || b < a || b >= PSUTIL__CPU_LIMIT)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "CPU list: bad range");
        }
        for (uint64_t c = a; c <= b; c++)
            if (fn && fn(arg, (int)c) != 0)
                return 0;
        if (p == end)
            return 0;
        /* cpulist files separate with ','; affected_cpus and related_cpus with ' '. */
        if (*p != ',' && *p != ' ')
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "CPU list: separator expected");
        p++;
    }
}

struct list_stats {
    int count;
    int highest;
};

static int count_cpu(void *arg, int cpu)
{
    struct list_stats *s = arg;
    s->count++;
    if (cpu > s->highest)
        s->highest = cpu;
    return 0;
}

int psutil__parse_cpulist(const char *buf, size_t len, int *count, int *highest)
{
    struct list_stats s = {0, -1};
    int rc = psutil__cpulist_each(buf, len, count_cpu, &s);
    if (rc != 0)
        return rc;
    *count = s.count;
    *highest = s.highest;
    return 0;
}

/* --- /proc/cpuinfo ---------------------------------------------------------------- */

/* Splits "key<tabs/spaces>: value" into key (trailing blanks dropped) and value. */
static int cpuinfo_kv(const char *line, size_t n, const char **key, size_t *klen, const char **val,
                      const char **vend)
{
    const char *colon = memchr(line, ':', n);
    if (!colon)
        return 0;
    const char *k_end = colon;
    while (k_end > line && (k_end[-1] == ' ' || k_end[-1] == '\t'))
        k_end--;
    *key = line;
    *klen = (size_t)(k_end - line);
    *val = colon + 1;
    *vend = line + n;
    return 1;
}

static int key_is(const char *key, size_t klen, const char *want)
{
    return strlen(want) == klen && memcmp(key, want, klen) == 0;
}

int psutil__parse_cpuinfo_mhz(const char *buf, size_t len, double *mhz, size_t cap, size_t *n)
{
    psutil__lines it;
    const char *line, *key, *val, *vend;
    size_t ln, klen, lineno = 0, count = 0;
    uint64_t cur = 0;
    int have_cur = 0;
    for (size_t i = 0; i < cap; i++)
        mhz[i] = -1.0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &ln)) {
        lineno++;
        if (!cpuinfo_kv(line, ln, &key, &klen, &val, &vend))
            continue;
        if (key_is(key, klen, "processor")) {
            if (psutil__parse_u64_field(val, (size_t)(vend - val), &cur) != 0 ||
                cur >= PSUTIL__CPU_LIMIT)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad processor", lineno);
            have_cur = 1;
            if (cur + 1 > count)
                count = cur + 1;
            if (cur < cap && mhz[cur] < 0.0)
                mhz[cur] = 0.0; /* listed; its MHz may follow */
        } else if (key_is(key, klen, "cpu MHz") && have_cur) {
            double v;
            const char *p = val;
            if (psutil__parse_decimal(&p, vend, &v) != 0 || !psutil__only_blanks(p, vend))
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad cpu MHz", lineno);
            if (cur < cap)
                mhz[cur] = v;
        }
    }
    *n = count;
    return 0;
}

struct socket_cores {
    uint64_t phys, cores;
};

static int cmp_socket(const void *a, const void *b)
{
    const struct socket_cores *x = a, *y = b;
    return (x->phys > y->phys) - (x->phys < y->phys);
}

int psutil__parse_cpuinfo_cores(const char *buf, size_t len, int *cores)
{
    psutil__lines it;
    const char *line, *key, *val, *vend;
    size_t ln, klen, lineno = 0, nids = 0, capids = 0;
    struct socket_cores *ids = NULL;
    uint64_t phys = 0, ncores = 0, total = 0;
    int have_phys = 0, have_cores = 0, rc = 0;
    psutil__lines_init(&it, buf, len);
    /* One pass collecting (physical id, cpu cores) per "processor" block, which ends at a
     * blank line or the file's end; then a sort, so a file with thousands of sockets
     * costs n log n, not n^2. */
    for (;;) {
        int more = psutil__lines_next(&it, &line, &ln);
        int block_end = !more || psutil__only_blanks(line, line + ln);
        lineno++;
        if (block_end) {
            if (have_phys && have_cores) {
                if ((rc = psutil__grow(&ids, &capids, nids, sizeof(*ids), 8, "cpuinfo ids")) != 0)
                    break;
                ids[nids].phys = phys;
                ids[nids++].cores = ncores;
            }
            have_phys = have_cores = 0;
            if (!more)
                break;
            continue;
        }
        if (!cpuinfo_kv(line, ln, &key, &klen, &val, &vend))
            continue;
        uint64_t *slot = NULL;
        if (key_is(key, klen, "physical id")) {
            slot = &phys;
            have_phys = 1;
        } else if (key_is(key, klen, "cpu cores")) {
            slot = &ncores;
            have_cores = 1;
        }
        if (slot && (psutil__parse_u64_field(val, (size_t)(vend - val), slot) != 0 ||
                     *slot >= PSUTIL__CPU_LIMIT)) {
            rc = psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad number", lineno);
            break;
        }
    }
    if (rc == 0 && nids > 1)
        qsort(ids, nids, sizeof(*ids), cmp_socket); /* blocks of one id agree on cores */
    for (size_t i = 0; rc == 0 && i < nids; i++)
        if (i == 0 || ids[i].phys != ids[i - 1].phys)
            total += ids[i].cores;
    psutil__dealloc(ids);
    if (rc == 0) {
        if (total >= PSUTIL__CPU_LIMIT)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "core count overflows");
        *cores = (int)total;
    }
    return rc;
}

/* --- counts ----------------------------------------------------------------------- */

int psutil__os_cpu_count_logical(int *out)
{
    psutil__buf b = {0};
    int count = 0, highest, rc;
    /* sysfs "online" is what sysconf(_SC_NPROCESSORS_ONLN) reads in glibc. */
    rc = psutil__read_root_file(PSUTIL__ROOT_SYS, "devices/system/cpu/online", &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_SYS, "devices/system/cpu/online",
                                        psutil__parse_cpulist(b.data, b.len, &count, &highest));
    psutil__buf_release(&b);
    if (rc == PSUTIL_EPARSE || rc == PSUTIL_ENOMEM)
        return rc;
    if (count == 0) {
        psutil__proc_stat st;
        rc = psutil__linux_read_stat(&st, NULL, 0);
        if (rc == PSUTIL_EPARSE || rc == PSUTIL_ENOMEM)
            return rc;
        count = rc == 0 ? (int)st.ncpu : 0;
    }
    if (count == 0 && psutil__root_is_default(PSUTIL__ROOT_SYS) &&
        psutil__root_is_default(PSUTIL__ROOT_PROC)) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        count = n > 0 && n < 1L << 30 ? (int)n : 0;
    }
    if (count == 0)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "cannot count logical CPUs");
    *out = count;
    return 0;
}

/* Opens sysfs devices/system/cpu as a DIR stream. NULL with *rc 0 when there is none
 * (no sysfs: an old kernel, a container), or with *rc the code of another failure
 * (recorded). */
static DIR *open_cpu_dir(int *dirfd_out, int *rc)
{
    *rc = 0;
    int root = psutil__root_open(PSUTIL__ROOT_SYS);
    if (root < 0) {
        *rc = psutil__root_absent_or(root);
        return NULL;
    }
    DIR *d = psutil__opendirat(root, "devices/system/cpu");
    int err = errno;
    close(root);
    if (!d) {
        *rc = psutil__listing_error(err, "devices/system/cpu");
        return NULL;
    }
    *dirfd_out = dirfd(d);
    return d;
}

/* 1 when name is prefix followed by digits only ("cpu12", "policy0"); *num = them. */
static int numbered(const char *name, const char *prefix, uint64_t *num)
{
    size_t n = strlen(prefix);
    const char *p;
    if (strncmp(name, prefix, n) != 0 || name[n] == '\0')
        return 0;
    for (p = name + n; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return psutil__parse_u64_field(name + n, strlen(name + n), num) == 0;
}

/* Counts distinct contents of cpuN/topology/<file>; 0 when none is readable. */
static int count_distinct_topology(const char *file, int *out)
{
    int dfd, rc, err = 0;
    DIR *d = open_cpu_dir(&dfd, &rc);
    char **vals = NULL;
    size_t n = 0, cap = 0;
    psutil__buf b = {0};
    struct dirent *e;
    *out = 0;
    if (!d)
        return rc;
    while (rc == 0 && (e = psutil__readdir(d, &err)) != NULL) {
        uint64_t num;
        char rel[300];
        if (!numbered(e->d_name, "cpu", &num))
            continue;
        snprintf(rel, sizeof(rel), "%s/topology/%s", e->d_name, file);
        int r = psutil__read_at(dfd, rel, &b, NULL);
        if (r == PSUTIL_ENOMEM) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "topology file");
            break;
        }
        if (r != 0)
            continue;
        while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
            b.data[--b.len] = '\0';
        if ((rc = psutil__grow(&vals, &cap, n, sizeof(*vals), 64, "topology list")) != 0)
            break;
        vals[n] = psutil__malloc(b.len + 1);
        if (!vals[n]) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "topology value");
            break;
        }
        memcpy(vals[n++], b.data, b.len + 1);
    }
    closedir(d);
    psutil__buf_release(&b);
    if (rc == 0)
        rc = psutil__listing_error(err, "devices/system/cpu");
    if (rc == 0 && n > 0) {
        int distinct = 1;
        qsort(vals, n, sizeof(*vals), psutil__cmp_cstr);
        for (size_t i = 1; i < n; i++)
            if (strcmp(vals[i], vals[i - 1]) != 0)
                distinct++;
        *out = distinct;
    }
    for (size_t i = 0; i < n; i++)
        psutil__dealloc(vals[i]);
    psutil__dealloc(vals);
    return rc;
}

int psutil__os_cpu_count_physical(int *out)
{
    int cores = 0;
    int rc = count_distinct_topology("core_cpus_list", &cores);
    if (rc == 0 && cores == 0) /* core_cpus_list arrived in Linux 5.7 */
        rc = count_distinct_topology("thread_siblings_list", &cores);
    if (rc == 0 && cores == 0) {
        psutil__buf b = {0};
        rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "cpuinfo", &b);
        if (rc == 0)
            rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "cpuinfo",
                                            psutil__parse_cpuinfo_cores(b.data, b.len, &cores));
        else if (rc != PSUTIL_ENOMEM)
            rc = 0; /* no cpuinfo: the count is unknown, said below */
        psutil__buf_release(&b);
    }
    if (rc != 0)
        return rc;
    if (cores == 0)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "cannot count physical cores");
    *out = cores;
    return 0;
}

/* --- frequency -------------------------------------------------------------------- */

struct policy {
    char dir[64]; /* relative to devices/system/cpu: "cpufreq/policyN" or "cpuN/cpufreq" */
    char *cpus;   /* the CPU list this policy governs */
    double min;   /* MHz, 0 unknown */
    double max;   /* MHz, 0 unknown */
};

struct policies {
    struct policy *v;
    size_t n, cap;
    int highest; /* highest CPU governed, -1 none */
};

/* Reads a kHz value file dirfd/dir/file into *mhz as MHz, 0 when it is absent or
 * malformed (drivers leave some out). Returns 0, or PSUTIL_ENOMEM. */
static int read_khz(int dirfd, const char *dir, const char *file, psutil__buf *b, double *mhz)
{
    char rel[128];
    uint64_t khz;
    snprintf(rel, sizeof(rel), "%s/%s", dir, file);
    int r = psutil__read_at(dirfd, rel, b, NULL);
    if (r == PSUTIL_ENOMEM)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "cpufreq file");
    *mhz =
        r == 0 && psutil__parse_u64_field(b->data, b->len, &khz) == 0 ? (double)khz / 1000.0 : 0.0;
    return 0;
}

/* Adds the policy in dfd/dir (dfd = devices/system/cpu) governing the CPUs its
 * affected_cpus lists, or default_cpus when it has none or own_cpu is set: before Linux
 * 4.3 every cpuN/cpufreq directory is CPU N's own data, whatever it says it shares. */
static int add_policy(struct policies *ps, int dfd, const char *dir, const char *default_cpus,
                      int own_cpu, psutil__buf *b)
{
    char rel[128];
    const char *cpus = default_cpus;
    int count, highest;
    if (!own_cpu) {
        snprintf(rel, sizeof(rel), "%s/affected_cpus", dir);
        int r = psutil__read_at(dfd, rel, b, NULL);
        if (r == PSUTIL_ENOMEM)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "cpufreq policy");
        if (r == 0)
            cpus = b->data;
    }
    if (psutil__parse_cpulist(cpus, strlen(cpus), &count, &highest) != 0 || count == 0)
        return 0; /* an unreadable policy is skipped, not fatal */
    int rc = psutil__grow(&ps->v, &ps->cap, ps->n, sizeof(*ps->v), 16, "cpufreq policies");
    if (rc != 0)
        return rc;
    struct policy *p = &ps->v[ps->n];
    size_t len = strlen(cpus);
    p->cpus = psutil__malloc(len + 1);
    if (!p->cpus)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "cpufreq policy");
    memcpy(p->cpus, cpus, len + 1);
    snprintf(p->dir, sizeof(p->dir), "%s", dir);
    ps->n++;
    if (highest > ps->highest)
        ps->highest = highest;
    rc = read_khz(dfd, dir, "scaling_min_freq", b, &p->min);
    return rc ? rc : read_khz(dfd, dir, "scaling_max_freq", b, &p->max);
}

/* Lists the cpufreq policies below dfd (devices/system/cpu). */
static int collect_policies(struct policies *ps, DIR *cpu_dir, int dfd)
{
    int rc = 0;
    psutil__buf b = {0};
    struct dirent *e;
    DIR *pd = psutil__opendirat(dfd, "cpufreq");
    int err = pd ? 0 : errno;
    while (rc == 0 && pd && (e = psutil__readdir(pd, &err)) != NULL) {
        uint64_t num;
        if (numbered(e->d_name, "policy", &num) && num < PSUTIL__CPU_LIMIT) {
            char dir[64], deflt[32];
            snprintf(dir, sizeof(dir), "cpufreq/policy%llu", (unsigned long long)num);
            snprintf(deflt, sizeof(deflt), "%llu", (unsigned long long)num);
            rc = add_policy(ps, dfd, dir, deflt, 0, &b);
        }
    }
    if (pd)
        closedir(pd);
    if (rc == 0)
        rc = psutil__listing_error(err, "devices/system/cpu/cpufreq");
    /* Kernels before 4.3 have no policyN directories, only cpuN/cpufreq: every one of
     * them is read, each for its own CPU. */
    int legacy = ps->n == 0;
    while (rc == 0 && legacy && (e = psutil__readdir(cpu_dir, &err)) != NULL) {
        uint64_t num;
        char dir[64], own[32];
        if (!numbered(e->d_name, "cpu", &num) || num >= PSUTIL__CPU_LIMIT)
            continue;
        snprintf(dir, sizeof(dir), "cpu%llu/cpufreq", (unsigned long long)num);
        snprintf(own, sizeof(own), "%llu", (unsigned long long)num);
        if (faccessat(dfd, dir, F_OK, 0) == 0)
            rc = add_policy(ps, dfd, dir, own, 1, &b);
    }
    if (rc == 0 && legacy)
        rc = psutil__listing_error(err, "devices/system/cpu");
    psutil__buf_release(&b);
    return rc;
}

struct apply {
    psutil_cpu_freq_t *out;
    unsigned char *known;
    size_t n;
    const struct policy *p;
    double cur; /* MHz from sysfs, 0 when cpuinfo is used */
};

static int apply_policy(void *arg, int cpu)
{
    struct apply *a = arg;
    if ((size_t)cpu < a->n) {
        a->known[cpu] = 1;
        a->out[cpu].min = a->p->min;
        a->out[cpu].max = a->p->max;
        if (a->out[cpu].current == 0.0)
            a->out[cpu].current = a->cur;
    }
    return 0;
}

/* The frequencies cpuinfo reports, indexed by processor number (-1 where no processor
 * block has that number). */
static int cpuinfo_mhz(double **mhz, size_t *n)
{
    psutil__buf b = {0};
    int rc = 0;
    *mhz = NULL;
    *n = 0;
    rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "cpuinfo", &b);
    if (rc != 0) {
        psutil__buf_release(&b);
        /* cpuinfo is one source of two; its absence is not an error. */
        return rc == PSUTIL_ENOMEM ? rc : 0;
    }
    rc = psutil__parse_cpuinfo_mhz(b.data, b.len, NULL, 0, n);
    if (rc == 0 && *n > 0) {
        *mhz = psutil__calloc(*n, sizeof(**mhz));
        rc = *mhz ? psutil__parse_cpuinfo_mhz(b.data, b.len, *mhz, *n, n)
                  : psutil__error(PSUTIL_ENOMEM, 0, NULL, "cpuinfo MHz");
    }
    psutil__buf_release(&b);
    return psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "cpuinfo", rc);
}

int psutil__os_cpu_freq_percpu(psutil_cpu_freq_t **out, size_t *out_n)
{
    struct policies ps = {NULL, 0, 0, -1};
    psutil__buf b = {0};
    double *mhz = NULL;
    size_t nmhz = 0, n, nknown = 0;
    psutil_cpu_freq_t *tab = NULL, *res = NULL;
    unsigned char *known = NULL;
    int dfd = -1, any_mhz = 0;
    DIR *cpu_dir = NULL;

    int rc = cpuinfo_mhz(&mhz, &nmhz);
    if (rc == 0 && (cpu_dir = open_cpu_dir(&dfd, &rc)) != NULL)
        rc = collect_policies(&ps, cpu_dir, dfd);
    if (rc != 0)
        goto out;
    for (size_t i = 0; i < nmhz; i++)
        any_mhz |= mhz[i] > 0.0;
    /* Both sources bound CPU numbers by PSUTIL__CPU_LIMIT, so this table is small. */
    n = ps.highest >= 0 && (size_t)ps.highest + 1 > nmhz ? (size_t)ps.highest + 1 : nmhz;
    if (n == 0 || (!any_mhz && ps.n == 0)) {
        rc = psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no CPU frequency in cpufreq or cpuinfo");
        goto out;
    }
    tab = psutil__calloc(n, sizeof(*tab));
    known = psutil__calloc(n, 1);
    if (!tab || !known) {
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "frequency result");
        goto out;
    }
    for (size_t i = 0; i < nmhz; i++)
        if (mhz[i] >= 0.0) {
            tab[i].current = mhz[i];
            known[i] = 1;
        }
    for (size_t i = 0; i < ps.n; i++) {
        struct apply a = {tab, known, n, &ps.v[i], 0.0};
        int first = -1, count;
        psutil__parse_cpulist(ps.v[i].cpus, strlen(ps.v[i].cpus), &count, &first);
        /* cpuinfo's "cpu MHz" is cheap and what psutil prefers. scaling_cur_freq can
         * cost a millisecond per read on some drivers (it asks the hardware), so it is
         * read only for policies whose CPUs cpuinfo says nothing about. */
        if (first < 0 || (size_t)first >= nmhz || mhz[first] <= 0.0) {
            rc = read_khz(dfd, ps.v[i].dir, "scaling_cur_freq", &b, &a.cur);
            if (rc == 0 && a.cur == 0.0)
                rc = read_khz(dfd, ps.v[i].dir, "cpuinfo_cur_freq", &b, &a.cur);
            if (rc != 0)
                goto out;
        }
        psutil__cpulist_each(ps.v[i].cpus, strlen(ps.v[i].cpus), apply_policy, &a);
    }
    for (size_t i = 0; i < n; i++)
        nknown += known[i];
    res = psutil__malloc((nknown ? nknown : 1) * sizeof(*res));
    if (!res) {
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "frequency result");
        goto out;
    }
    for (size_t i = 0, k = 0; i < n; i++)
        if (known[i]) {
            res[k] = tab[i];
            res[k++].cpu = (int)i;
        }
    *out = res;
    *out_n = nknown;
    res = NULL;
out:
    for (size_t i = 0; i < ps.n; i++)
        psutil__dealloc(ps.v[i].cpus);
    psutil__dealloc(ps.v);
    psutil__dealloc(mhz);
    psutil__dealloc(tab);
    psutil__dealloc(known);
    psutil__dealloc(res);
    psutil__buf_release(&b);
    if (cpu_dir)
        closedir(cpu_dir);
    return rc;
}
