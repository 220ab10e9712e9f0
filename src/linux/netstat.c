/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netstat.c - the network stack's counters and socket counts on Linux, as the kernel
 * names them (what netstat -s prints and node_exporter's netstat and sockstat collectors
 * export). Sources (Documentation/networking/proc_net_tcp.rst has no table; the names are
 * the kernel's, net/ipv4/proc.c and net/ipv6/proc.c):
 *   /proc/net/snmp, /proc/net/netstat   pairs of lines "Proto: Name1 Name2 ..." then
 *                                       "Proto: v1 v2 ..." (Ip, Icmp, IcmpMsg, Tcp, Udp,
 *                                       UdpLite; TcpExt, IpExt, MPTcpExt)
 *   /proc/net/snmp6                     one "Ip6InReceives value" per line: the protocol
 *                                       is the name up to its first '6'
 *   /proc/net/stat/nf_conntrack         a header of names, then one line of hex figures
 *                                       per CPU (net/netfilter/nf_conntrack_standalone.c,
 *                                       ct_cpu_seq_show); "entries" is the table's size
 *                                       on every line, the rest per-CPU event counts
 *   /proc/net/softnet_stat              one line of hex columns per online CPU
 *                                       (net/core/net-procfs.c, softnet_seq_show)
 *   /proc/net/arp                       a header, then "IP HWtype Flags HWaddress Mask
 *                                       Device" per neighbour (net/ipv4/arp.c)
 *   /proc/net/sockstat, sockstat6       "sockets: used N", "TCP: inuse N orphan N tw N
 *                                       alloc N mem N" (mem in pages), "UDP: inuse N
 *                                       mem N", "FRAG: inuse N memory N" (bytes), ...
 * Each is the caller's network namespace; with the procfs root moved, pid 1's.
 */
#include <string.h>

#include "../os.h"
#include "linux.h"

/* A "Proto_Name" counter into pk; a name with a NUL, or too long, is left out. */
static int add_counter(psutil__pack *pk, const char *proto, size_t plen, const char *name,
                       size_t nlen, int64_t value)
{
    char full[256];
    if (!psutil__is_name(proto, plen) || !psutil__is_name(name, nlen) ||
        plen + 1 + nlen >= sizeof(full))
        return 0;
    memcpy(full, proto, plen);
    full[plen] = '_';
    memcpy(full + plen + 1, name, nlen);
    psutil_net_counter_t c;
    c.value = value;
    int rc = psutil__pack_str(pk, full, plen + 1 + nlen, &c.name);
    return rc != 0 ? rc : psutil__pack_add(pk, &c);
}

/* The next blank-separated token in [*p, end): its start and length, or 0 at the end. */
static size_t next_token(const char **p, const char *end, const char **tok)
{
    const char *q = psutil__skip_blanks(*p, end);
    const char *s = q;
    while (q < end && *q != ' ' && *q != '\t')
        q++;
    *tok = s;
    *p = q;
    return (size_t)(q - s);
}

int psutil__parse_net_snmp(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *head = NULL, *line;
    size_t hlen = 0, n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *colon = memchr(line, ':', n);
        if (!colon)
            continue;
        size_t plen = (size_t)(colon - line);
        /* A header names the counters; the next line with the same prefix holds them. A
         * header whose next line is another header (or another protocol's) is left out. */
        if (!head || hlen < plen + 1 || memcmp(head, line, plen + 1) != 0) {
            head = line;
            hlen = n;
            continue;
        }
        const char *hp = head + plen + 1, *hend = head + hlen, *vp = colon + 1, *vend = line + n;
        const char *name;
        size_t nlen;
        while ((nlen = next_token(&hp, hend, &name)) > 0) {
            int64_t v;
            if (psutil__parse_i64_sat(&vp, vend, &v) != 0 ||
                (vp < vend && *vp != ' ' && *vp != '\t')) {
                /* Not a number ("x", "12abc": the parser leaves vp before it, or at
                 * "abc"): this counter is left out, the rest stay in step. */
                const char *skip;
                if (next_token(&vp, vend, &skip) == 0)
                    break;
                continue;
            }
            int rc = add_counter(pk, line, plen, name, nlen, v);
            if (rc != 0)
                return rc;
        }
        head = NULL;
    }
    return 0;
}

int psutil__parse_net_snmp6(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *p = line, *end = line + n, *name;
        size_t nlen = next_token(&p, end, &name);
        const char *six = nlen ? memchr(name, '6', nlen) : NULL;
        int64_t v;
        if (!six || psutil__parse_i64_sat(&p, end, &v) != 0 || !psutil__only_blanks(p, end))
            continue;
        size_t plen = (size_t)(six - name) + 1;
        int rc = add_counter(pk, name, plen, six + 1, nlen - plen, v);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__parse_net_sockstat(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *colon = memchr(line, ':', n), *p, *end = line + n, *key;
        size_t klen;
        if (!colon)
            continue;
        p = colon + 1;
        /* Pairs "key value": a pair whose value is not a number ends the line. */
        while ((klen = next_token(&p, end, &key)) > 0) {
            int64_t v;
            if (psutil__parse_i64_sat(&p, end, &v) != 0 || (p < end && *p != ' ' && *p != '\t'))
                break;
            int rc = add_counter(pk, line, (size_t)(colon - line), key, klen, v);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

/* A hex figure ("0000a1f3"), saturating; 0 or PSUTIL_EPARSE when there is no hex digit
 * or a character that is not one follows. */
static int parse_hex(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0)
        return PSUTIL_EPARSE;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return PSUTIL_EPARSE;
        v = v > (UINT64_MAX >> 4) ? UINT64_MAX : (v << 4) | d;
    }
    *out = v;
    return 0;
}

int psutil__parse_softnet(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line, *tok;
    size_t n, k, index = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        uint64_t v[16] = {0};
        size_t c = 0;
        const char *p = line;
        while (c < 16 && (k = next_token(&p, line + n, &tok)) > 0 && parse_hex(tok, k, &v[c]) == 0)
            c++;
        if (c < 3 || next_token(&p, line + n, &tok) != 0)
            continue; /* too short, or a column that is not hex */
        psutil_softnet_t s;
        memset(&s, 0, sizeof(s));
        s.cpu = c >= 13 && v[12] <= INT32_MAX ? (int)v[12] : (int)(index < INT32_MAX ? index : 0);
        s.processed = v[0];
        s.dropped = v[1];
        s.time_squeezed = v[2];
        s.received_rps = v[9];
        s.flow_limit_count = v[10];
        s.backlog_len = v[11];
        index++;
        int rc = psutil__pack_add(pk, &s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* "0x1": a hex number that fits an int; 0 or PSUTIL_EPARSE. */
static int parse_hex_int(const char *s, size_t n, int *out)
{
    uint64_t v;
    if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || parse_hex(s + 2, n - 2, &v) != 0 ||
        v > INT32_MAX)
        return PSUTIL_EPARSE;
    *out = (int)v;
    return 0;
}

int psutil__parse_net_arp(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    if (!psutil__lines_next(&it, &line, &n)) /* the header */
        return 0;
    while (psutil__lines_next(&it, &line, &n)) {
        const char *p = line, *f[6], *extra;
        size_t k[6], c = 0;
        while (c < 6 && (k[c] = next_token(&p, line + n, &f[c])) > 0)
            c++;
        psutil_net_arp_t a;
        memset(&a, 0, sizeof(a));
        if (c < 6 || next_token(&p, line + n, &extra) != 0 ||
            parse_hex_int(f[1], k[1], &a.hw_type) != 0 ||
            parse_hex_int(f[2], k[2], &a.flags) != 0 || !psutil__is_name(f[0], k[0]) ||
            !psutil__is_name(f[3], k[3]) || !psutil__is_name(f[4], k[4]) ||
            !psutil__is_name(f[5], k[5]))
            continue;
        int rc = psutil__pack_str(pk, f[0], k[0], &a.ip);
        if (rc == 0)
            rc = psutil__pack_str(pk, f[3], k[3], &a.hw_address);
        if (rc == 0)
            rc = psutil__pack_str(pk, f[4], k[4], &a.mask);
        if (rc == 0)
            rc = psutil__pack_str(pk, f[5], k[5], &a.device);
        if (rc == 0)
            rc = psutil__pack_add(pk, &a);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__parse_conntrack_stat(const char *buf, size_t len, psutil__pack *pk)
{
    enum { MAX_COLS = 64 };
    uint64_t sum[MAX_COLS] = {0};
    int first[MAX_COLS] = {0}; /* "entries": the same table size on every line, taken once */
    psutil__lines it;
    const char *head = NULL, *line, *tok;
    size_t hlen = 0, n, cols = 0, k, lines = 0;
    psutil__lines_init(&it, buf, len);
    if (!psutil__lines_next(&it, &head, &hlen))
        return 0;
    for (const char *p = head; cols < MAX_COLS && (k = next_token(&p, head + hlen, &tok)) > 0;)
        first[cols++] = k == 7 && memcmp(tok, "entries", 7) == 0;
    while (psutil__lines_next(&it, &line, &n)) {
        /* A line of as many hex figures as the header has names; others are left out. */
        const char *p = line;
        uint64_t v[MAX_COLS];
        size_t c = 0;
        while (c < cols && (k = next_token(&p, line + n, &tok)) > 0 &&
               parse_hex(tok, k, &v[c]) == 0)
            c++;
        if (c != cols || next_token(&p, line + n, &tok) != 0)
            continue;
        for (c = 0; c < cols; c++)
            if (!first[c])
                sum[c] = sum[c] + v[c] < sum[c] ? UINT64_MAX : sum[c] + v[c];
            else if (lines == 0)
                sum[c] = v[c];
        lines++;
    }
    const char *p = head;
    for (size_t c = 0; lines > 0 && c < cols; c++) {
        k = next_token(&p, head + hlen, &tok);
        int rc = add_counter(pk, "conntrack", 9, tok, k,
                             sum[c] > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)sum[c]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Reads each file in turn into one list; a file marked optional that is not there (no
 * IPv6, an old kernel without /proc/net/netstat) adds nothing. */
static int read_counters(const char *const files[], const int optional[], size_t nfiles,
                         int (*const parse[])(const char *, size_t, psutil__pack *),
                         psutil_net_counter_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_counter);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nfiles; i++) {
        char rel[64];
        psutil__linux_host_file(files[i], rel, sizeof(rel));
        rc = psutil__read_root_file(PSUTIL__ROOT_PROC, rel, &b);
        if (rc == PSUTIL_EOS && optional[i]) {
            rc = 0;
            continue;
        }
        if (rc == 0)
            rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, rel, parse[i](b.data, b.len, &pk));
    }
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_net_snmp(psutil_net_counter_t **out, size_t *out_n)
{
    static const char *const files[] = {"net/snmp", "net/netstat", "net/snmp6"};
    static const int optional[] = {0, 1, 1};
    static int (*const parse[])(const char *, size_t, psutil__pack *) = {
        psutil__parse_net_snmp, psutil__parse_net_snmp, psutil__parse_net_snmp6};
    return read_counters(files, optional, 3, parse, out, out_n);
}

int psutil__os_net_sockstat(psutil_net_counter_t **out, size_t *out_n)
{
    static const char *const files[] = {"net/sockstat", "net/sockstat6"};
    static const int optional[] = {0, 1};
    static int (*const parse[])(const char *, size_t, psutil__pack *) = {
        psutil__parse_net_sockstat, psutil__parse_net_sockstat};
    return read_counters(files, optional, 2, parse, out, out_n);
}

int psutil__os_net_conntrack(psutil_net_counter_t **out, size_t *out_n)
{
    static const char *const files[] = {"net/stat/nf_conntrack"};
    static const int optional[] = {0};
    static int (*const parse[])(const char *, size_t,
                                psutil__pack *) = {psutil__parse_conntrack_stat};
    return read_counters(files, optional, 1, parse, out, out_n);
}

int psutil__os_net_softnet(psutil_softnet_t **out, size_t *out_n)
{
    return psutil__linux_read_list("net/softnet_stat", &psutil__layout_softnet,
                                   psutil__parse_softnet, (void **)out, out_n);
}

int psutil__os_net_arp(psutil_net_arp_t **out, size_t *out_n)
{
    return psutil__linux_read_list("net/arp", &psutil__layout_net_arp, psutil__parse_net_arp,
                                   (void **)out, out_n);
}
