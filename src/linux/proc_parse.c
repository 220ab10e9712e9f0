/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_parse.c - pure parsers for /proc/PID files (proc.rst, "Process-Specific
 * Subdirectories", tables 1-2 to 1-4; proc(5)): stat, status, statm, io, smaps and
 * smaps_rollup, cmdline, environ, fdinfo. (buffer, length) in, struct out, checked.
 */
#include <string.h>

#include "linux.h"

int psutil__parse_pid_stat(const char *buf, size_t len, psutil__pstat *out)
{
    psutil__pstat st;
    const char *end = buf + len, *open = memchr(buf, '(', len), *close = NULL;
    memset(&st, 0, sizeof(st));
    /* The name can hold spaces and ')': it ends at the last ')'. */
    close = len ? memrchr(buf, ')', len) : NULL;
    if (!open || !close || close < open)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "stat: no (comm)");
    size_t clen = (size_t)(close - open - 1);
    if (clen >= sizeof(st.comm))
        clen = sizeof(st.comm) - 1;
    memcpy(st.comm, open + 1, clen);
    const char *p = close + 1;
    if (p >= end || *p != ' ' || p + 1 >= end)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "stat: nothing after (comm)");
    st.state = p[1];
    p += 2;
    /* Fields 4.. ; proc(5) mixes %d, %u, %ld and %lu (rsslim is often 2^64 - 1), so a
     * field is read as a magnitude and a sign. Rules: a number wider than 64 bits
     * saturates; a minus sign on a field proc(5) prints unsigned is a parse error; signed
     * fields saturate at the int64 bounds; extra fields of later kernels are ignored and
     * missing late ones default (vsize, rss 0; processor -1; blkio 0), those after 42
     * are not read; fewer than 22
     * fields is a parse error. Field numbers follow proc(5). */
    static const unsigned char is_signed[53] = {
        [4] = 1,  [5] = 1,  [6] = 1,  [7] = 1,  [8] = 1,  [16] = 1, [17] = 1,
        [18] = 1, [19] = 1, [20] = 1, [21] = 1, [24] = 1, [38] = 1, [39] = 1,
    };
    uint64_t mag[53] = {0};
    int neg[53] = {0};
    int n = 0;
    /* Up to field 42 (the last one used): the addresses and codes after it are a third
     * of the digits and nothing reads them. */
    for (int field = 4; field <= 42; field++) {
        p = psutil__skip_blanks(p, end);
        if (p >= end || *p == '\n')
            break;
        neg[field] = *p == '-';
        if (neg[field])
            p++;
        if (psutil__parse_u64_sat(&p, end, &mag[field]) != 0 ||
            (p < end && *p != ' ' && *p != '\n'))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "stat: field %d malformed", field);
        if (neg[field] && !is_signed[field] && mag[field] != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "stat: field %d is negative", field);
        n = field;
    }
    if (n < 22) /* starttime is the least every kernel has */
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "stat: %d fields", n);
#define SIGNED(k)                                                                                  \
    (neg[k] ? (mag[k] > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)mag[k])                        \
            : (mag[k] > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mag[k]))
    st.ppid = SIGNED(4);
    st.pgrp = SIGNED(5);
    st.session = SIGNED(6);
    st.tty_nr = SIGNED(7);
    st.tpgid = SIGNED(8);
    st.minflt = mag[10];
    st.majflt = mag[12];
    st.utime = mag[14];
    st.stime = mag[15];
    st.cutime = SIGNED(16);
    st.cstime = SIGNED(17);
    st.nice = SIGNED(19);
    st.num_threads = SIGNED(20);
    st.starttime = mag[22];
    st.vsize = n >= 23 ? mag[23] : 0;
    st.rss = n >= 24 ? SIGNED(24) : 0;
    st.processor = n >= 39 ? SIGNED(39) : -1;
    st.blkio_ticks = n >= 42 ? mag[42] : 0;
#undef SIGNED
    /* Values outside what the kernel can print are clamped to its range, so no caller
     * narrows or negates garbage: nice -20..19, counts and CPU times >= 0, the CPU
     * number within int. */
    st.nice = st.nice < -20 ? -20 : st.nice > 19 ? 19 : st.nice;
    st.num_threads = st.num_threads < 0 ? 0 : st.num_threads;
    st.cutime = st.cutime < 0 ? 0 : st.cutime;
    st.cstime = st.cstime < 0 ? 0 : st.cstime;
    st.rss = st.rss < 0 ? 0 : st.rss;
    st.processor = st.processor < -1 ? -1 : st.processor > INT32_MAX ? INT32_MAX : st.processor;
    *out = st;
    return 0;
}

const char *psutil__kv(const char *buf, size_t len, const char *key, size_t *vlen)
{
    psutil__lines it;
    const char *line;
    size_t n, klen = strlen(key);
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        if (n > klen && memcmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = psutil__skip_blanks(line + klen + 1, line + n);
            *vlen = (size_t)(line + n - v);
            return v;
        }
    }
    return NULL;
}

int psutil__kv_u64(const char *buf, size_t len, const char *key, uint64_t *out, int *absent)
{
    size_t n;
    const char *v = psutil__kv(buf, len, key, &n);
    uint64_t x;
    if (absent)
        *absent = !v;
    if (!v)
        return PSUTIL_EPARSE;
    const char *p = v, *end = v + n;
    if (psutil__parse_u64_sat(&p, end, &x) != 0)
        return PSUTIL_EPARSE;
    p = psutil__skip_blanks(p, end);
    if (end - p >= 2 && memcmp(p, "kB", 2) == 0) {
        x = psutil__sat_mul_u64(x, 1024);
        p += 2;
    }
    if (!psutil__only_blanks(p, end))
        return PSUTIL_EPARSE;
    *out = x;
    return 0;
}

int psutil__parse_ids(const char *buf, size_t len, const char *key, psutil_ids_t *out)
{
    size_t n;
    const char *v = psutil__kv(buf, len, key, &n), *end;
    int64_t x[3];
    if (!v)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "status: no %s", key);
    end = v + n;
    for (int i = 0; i < 3; i++)
        if (psutil__parse_i64(&v, end, &x[i]) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "status: bad %s", key);
    out->real = x[0];
    out->effective = x[1];
    out->saved = x[2];
    return 0;
}

int psutil__parse_statm(const char *buf, size_t len, uint64_t v[7])
{
    const char *p = buf, *end = buf + len;
    uint64_t x[7];
    for (int i = 0; i < 7; i++)
        if (psutil__parse_u64_sat(&p, end, &x[i]) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "statm: field %d", i + 1);
    if (!psutil__only_blanks(p, end))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "statm: trailing text");
    memcpy(v, x, sizeof(x));
    return 0;
}

int psutil__parse_smaps_totals(const char *buf, size_t len, uint64_t *uss, uint64_t *pss,
                               uint64_t *swap)
{
    psutil__lines it;
    const char *line;
    size_t n;
    uint64_t u = 0, p_ = 0, s = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        uint64_t *slot = NULL, v;
        const char *colon = memchr(line, ':', n);
        if (!colon)
            continue;
        size_t k = (size_t)(colon - line);
        if (k > 8 && memcmp(line, "Private_", 8) == 0) /* _Clean, _Dirty, _Hugetlb */
            slot = &u;
        else if (k == 3 && memcmp(line, "Pss", 3) == 0)
            slot = &p_;
        else if (k == 4 && memcmp(line, "Swap", 4) == 0)
            slot = &s;
        if (!slot)
            continue;
        const char *q = colon + 1, *end = line + n;
        if (psutil__parse_u64_sat(&q, end, &v) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "smaps: bad %.*s", (int)k, line);
        *slot = psutil__sat_add_u64(*slot, psutil__sat_mul_u64(v, 1024));
    }
    *uss = u;
    *pss = p_;
    *swap = s;
    return 0;
}

/* One limits value: a number or "unlimited"; *p moves past it. */
static int limit_value(const char **p, const char *end, uint64_t *out)
{
    const char *q = psutil__skip_blanks(*p, end);
    if ((size_t)(end - q) >= 9 && memcmp(q, "unlimited", 9) == 0) {
        *out = PSUTIL_RLIM_INFINITY;
        *p = q + 9;
        return 0;
    }
    *p = q;
    return psutil__parse_u64_sat(p, end, out);
}

int psutil__parse_limits_nofile(const char *buf, size_t len, psutil_rlimit_t *out)
{
    static const char key[] = "Max open files";
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        if (n < sizeof(key) - 1 || memcmp(line, key, sizeof(key) - 1) != 0)
            continue;
        const char *q = line + sizeof(key) - 1, *end = line + n;
        if (limit_value(&q, end, &out->soft) != 0 || limit_value(&q, end, &out->hard) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "limits: bad Max open files line");
        return 0;
    }
    return psutil__error(PSUTIL_EPARSE, 0, NULL, "limits: no Max open files line");
}

/* A mapping header: "start-end perms offset dev inode [path]". */
static int is_map_header(const char *line, size_t n)
{
    const char *p = line, *end = line + n;
    while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
        p++;
    return p > line && p < end && *p == '-';
}

int psutil__parse_smaps(const char *buf, size_t len, int (*fn)(void *arg, const psutil__smap *m),
                        void *arg)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__smap m;
    int open = 0;
    psutil__lines_init(&it, buf, len);
    for (;;) {
        int more = psutil__lines_next(&it, &line, &n);
        if (!more || is_map_header(line, n)) {
            if (open) {
                int rc = fn(arg, &m);
                if (rc != 0)
                    return rc;
            }
            if (!more)
                return 0;
            memset(&m, 0, sizeof(m));
            open = 1;
            /* addr perms offset dev inode path: path starts after the 5th field. */
            const char *p = line, *end = line + n, *fstart[6];
            size_t flen[6];
            int f = 0;
            for (; f < 6; f++) {
                p = psutil__skip_blanks(p, end);
                if (p >= end)
                    break;
                fstart[f] = p;
                if (f == 5) {
                    flen[f] = (size_t)(end - p);
                    f++;
                    break;
                }
                while (p < end && *p != ' ' && *p != '\t')
                    p++;
                flen[f] = (size_t)(p - fstart[f]);
            }
            if (f < 5)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "smaps: short mapping header");
            m.addr = fstart[0];
            m.addr_len = flen[0];
            m.perms = fstart[1];
            m.perms_len = flen[1];
            m.path = f == 6 ? fstart[5] : "";
            m.path_len = f == 6 ? flen[5] : 0;
            continue;
        }
        if (!open)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "smaps: data before a mapping");
        const char *colon = memchr(line, ':', n);
        if (!colon)
            continue;
        static const char *const keys[PSUTIL__SMAP_NKEYS] = {
            "Rss",           "Size",          "Pss",        "Shared_Clean", "Shared_Dirty",
            "Private_Clean", "Private_Dirty", "Referenced", "Anonymous",    "Swap"};
        size_t k = (size_t)(colon - line);
        for (int i = 0; i < PSUTIL__SMAP_NKEYS; i++) {
            if (strlen(keys[i]) != k || memcmp(line, keys[i], k) != 0)
                continue;
            const char *q = colon + 1;
            uint64_t v;
            if (psutil__parse_u64_sat(&q, line + n, &v) != 0)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "smaps: bad %s", keys[i]);
            m.v[i] = psutil__sat_mul_u64(v, 1024);
        }
    }
}

int psutil__split_cmdline(const char *buf, size_t len, psutil__argv_fn fn, void *arg)
{
    if (len == 0)
        return 0; /* kernel threads and zombies */
    /* proc(5): arguments end with NUL. A process that rewrote its title (setproctitle)
     * may use spaces instead; psutil (issue 1179) splits on NUL when the data ends with
     * one, else on spaces, and splits a lone NUL-terminated argument holding spaces on
     * spaces too. Empty arguments are kept. */
    char sep = buf[len - 1] == '\0' ? '\0' : ' ';
    size_t end = buf[len - 1] == sep ? len - 1 : len;
    if (sep == '\0' && !memchr(buf, '\0', end) && memchr(buf, ' ', end))
        sep = ' ';
    size_t start = 0;
    /* Splitting on spaces, a NUL separates too: a C string cannot hold it, and cutting
     * the argument there would lose the rest of the title. */
    for (size_t i = 0; i <= end; i++) {
        if (i == end || buf[i] == sep || buf[i] == '\0') {
            int rc = fn(arg, buf + start, i - start);
            if (rc != 0)
                return rc;
            start = i + 1;
        }
    }
    return 0;
}

int psutil__split_environ(const char *buf, size_t len,
                          int (*fn)(void *arg, const char *key, size_t klen, const char *val,
                                    size_t vlen),
                          void *arg)
{
    size_t pos = 0;
    /* psutil's parse_environ_block: NUL-terminated "key=value" entries; an empty entry
     * (or an unterminated tail) ends the block; entries without a key are skipped. */
    for (;;) {
        const char *nul = pos < len ? memchr(buf + pos, '\0', len - pos) : NULL;
        if (!nul || (size_t)(nul - buf) == pos)
            return 0;
        size_t next = (size_t)(nul - buf);
        const char *eq = memchr(buf + pos, '=', next - pos);
        if (eq && (size_t)(eq - buf) > pos) {
            size_t k = (size_t)(eq - buf) - pos;
            int rc = fn(arg, buf + pos, k, eq + 1, next - pos - k - 1);
            if (rc != 0)
                return rc;
        }
        pos = next + 1;
    }
}

int psutil__parse_fdinfo(const char *buf, size_t len, uint64_t *pos, int *flags)
{
    uint64_t p, fl = 0;
    size_t n;
    if (psutil__kv_u64(buf, len, "pos", &p, NULL) != 0)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "fdinfo: no pos or not a number");
    const char *v = psutil__kv(buf, len, "flags", &n);
    if (!v)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "fdinfo: no flags");
    /* flags are octal. */
    for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '7'; i++) {
        fl = fl * 8 + (uint64_t)(v[i] - '0');
        if (fl > 0x7fffffff)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "fdinfo: flags overflow");
    }
    *pos = p;
    *flags = (int)fl;
    return 0;
}
