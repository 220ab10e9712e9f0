/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_conn.c - sockets and their owners on Linux. Sockets come from NETLINK_SOCK_DIAG
 * (sock_diag(7): inet_diag for TCP and UDP over IPv4 and IPv6 in every state, unix_diag
 * with names and queue lengths), as ss does; when netlink is not available, from
 * /proc/net/{tcp,tcp6,udp,udp6,unix} (proc.rst, "/proc/net"). Owners come from one scan
 * of every /proc/PID/fd: a "socket:[INODE]" link names a socket's inode, looked up by
 * binary search among the listed sockets. As psutil, a socket several fds share gives
 * one row per owner; a socket nobody visible owns gives one row with pid -1, fd -1.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"
#include "proc.h"

static int seam_no_netlink;

void psutil__test_net_no_netlink(int on)
{
    seam_no_netlink = on;
}

/* --- what a kind asks for ------------------------------------------------------------- */

enum { WANT_TCP4 = 1, WANT_TCP6 = 2, WANT_UDP4 = 4, WANT_UDP6 = 8, WANT_UNIX = 16 };

static int kind_wants(int kind)
{
    static const int map[] = {
        [PSUTIL_CONN_KIND_ALL] = WANT_TCP4 | WANT_TCP6 | WANT_UDP4 | WANT_UDP6 | WANT_UNIX,
        [PSUTIL_CONN_KIND_TCP] = WANT_TCP4 | WANT_TCP6,
        [PSUTIL_CONN_KIND_TCP4] = WANT_TCP4,
        [PSUTIL_CONN_KIND_TCP6] = WANT_TCP6,
        [PSUTIL_CONN_KIND_UDP] = WANT_UDP4 | WANT_UDP6,
        [PSUTIL_CONN_KIND_UDP4] = WANT_UDP4,
        [PSUTIL_CONN_KIND_UDP6] = WANT_UDP6,
        [PSUTIL_CONN_KIND_INET] = WANT_TCP4 | WANT_TCP6 | WANT_UDP4 | WANT_UDP6,
        [PSUTIL_CONN_KIND_INET4] = WANT_TCP4 | WANT_UDP4,
        [PSUTIL_CONN_KIND_INET6] = WANT_TCP6 | WANT_UDP6,
        [PSUTIL_CONN_KIND_UNIX] = WANT_UNIX,
    };
    return map[kind];
}

static int tcp_status(int state)
{
    /* include/net/tcp_states.h: 1 ESTABLISHED ... 11 CLOSING, 12 NEW_SYN_RECV. */
    static const int map[] = {
        PSUTIL_CONN_NONE,      PSUTIL_CONN_ESTABLISHED, PSUTIL_CONN_SYN_SENT,
        PSUTIL_CONN_SYN_RECV,  PSUTIL_CONN_FIN_WAIT1,   PSUTIL_CONN_FIN_WAIT2,
        PSUTIL_CONN_TIME_WAIT, PSUTIL_CONN_CLOSE,       PSUTIL_CONN_CLOSE_WAIT,
        PSUTIL_CONN_LAST_ACK,  PSUTIL_CONN_LISTEN,      PSUTIL_CONN_CLOSING,
        PSUTIL_CONN_SYN_RECV};
    return state >= 0 && state < 13 ? map[state] : PSUTIL_CONN_NONE;
}

/* --- the collected sockets -------------------------------------------------------------- */

struct coll {
    psutil__sock *v;
    size_t *path_off; /* unix paths live in `paths` (netlink buffers are reused) */
    size_t n, cap;
    psutil__buf paths;
    const uint64_t *only; /* when set: keep only these inodes (sorted) */
    size_t only_n;
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int coll_add(void *arg, const psutil__sock *s)
{
    struct coll *c = arg;
    if (c->only && !bsearch(&s->inode, c->only, c->only_n, sizeof(*c->only), cmp_u64))
        return 0;
    if (c->n == c->cap) { /* two arrays in step */
        size_t cap = psutil__grown_cap(c->cap, 256);
        int rc = psutil__resize(&c->v, cap, sizeof(*c->v), "sockets");
        if (rc == 0)
            rc = psutil__resize(&c->path_off, cap, sizeof(*c->path_off), "sockets");
        if (rc != 0)
            return rc;
        c->cap = cap;
    }
    size_t need = c->paths.len + s->path_len + 2;
    if (psutil__buf_reserve(&c->paths, need) != 0)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "socket paths");
    c->path_off[c->n] = c->paths.len;
    memcpy(c->paths.data + c->paths.len, s->path, s->path_len);
    c->paths.len += s->path_len;
    c->paths.data[c->paths.len++] = '\0';
    c->v[c->n++] = *s;
    return 0;
}

/* --- netlink ------------------------------------------------------------------------------- */

/* One sock_diag message as a socket: inet_diag for family INET/INET6, unix_diag for
 * UNIX (its name into path, 108 bytes at most, and its queue lengths). */
static int sock_diag_msg(const struct nlmsghdr *h, int family, int type, psutil__sock *s,
                         char path[110])
{
    memset(s, 0, sizeof(*s));
    s->family = family;
    s->path = "";
    if (family != PSUTIL_AF_UNIX) {
        const struct inet_diag_msg *m = NLMSG_DATA(h);
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "short inet_diag message");
        s->type = type;
        s->status = type == PSUTIL_SOCK_STREAM ? tcp_status(m->idiag_state) : PSUTIL_CONN_NONE;
        s->state = tcp_status(m->idiag_state);
        memcpy(s->laddr, m->id.idiag_src, 16);
        memcpy(s->raddr, m->id.idiag_dst, 16);
        s->lport = ntohs(m->id.idiag_sport);
        s->rport = ntohs(m->id.idiag_dport);
        s->recv_q = m->idiag_rqueue;
        s->send_q = m->idiag_wqueue;
        s->inode = m->idiag_inode;
        return 0;
    }
    const struct unix_diag_msg *m = NLMSG_DATA(h);
    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "short unix_diag message");
    s->type = m->udiag_type;
    s->status = PSUTIL_CONN_NONE;
    /* unix_diag reports TCP_LISTEN, TCP_ESTABLISHED or TCP_CLOSE (unconnected). */
    s->state = tcp_status(m->udiag_state);
    s->inode = m->udiag_ino;
    int alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
    for (const struct rtattr *a = (const struct rtattr *)(m + 1); RTA_OK(a, alen);
         a = RTA_NEXT(a, alen)) {
        size_t plen = RTA_PAYLOAD(a);
        if (a->rta_type == UNIX_DIAG_NAME && plen > 0 && plen <= 108) {
            memcpy(path, RTA_DATA(a), plen);
            /* An abstract name starts with NUL; ss and /proc/net/unix show '@'. */
            if (path[0] == '\0')
                path[0] = '@';
            s->path = path;
            s->path_len = path[0] == '@' ? plen : strnlen(path, plen);
        } else if (a->rta_type == UNIX_DIAG_RQLEN && plen >= sizeof(struct unix_diag_rqlen)) {
            const struct unix_diag_rqlen *q = RTA_DATA(a);
            s->recv_q = q->udiag_rqueue;
            s->send_q = q->udiag_wqueue;
        }
    }
    return 0;
}

int psutil__parse_sock_diag(const char *buf, size_t len, int family, int type,
                            int (*fn)(void *arg, const psutil__sock *s), void *arg, int *fn_rc,
                            int *err)
{
    *fn_rc = 0;
    *err = 0;
    char path[110];
    /* NLMSG_OK/NLMSG_NEXT would step past the end when a length's alignment overshoots
     * it; the walk keeps every message inside the buffer instead. */
    for (size_t off = 0; len - off >= sizeof(struct nlmsghdr);) {
        const struct nlmsghdr *h = (const struct nlmsghdr *)(buf + off);
        if (h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len - off)
            break;
        if (h->nlmsg_type == NLMSG_DONE)
            return 0;
        if (h->nlmsg_type == NLMSG_ERROR) {
            if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "short netlink error message");
            const struct nlmsgerr *e = NLMSG_DATA(h);
            *err = e->error < 0 && e->error > -4096 ? -e->error : EPROTO;
            return PSUTIL_EOS;
        }
        psutil__sock s;
        if ((*fn_rc = sock_diag_msg(h, family, type, &s, path)) != 0 || (*fn_rc = fn(arg, &s)) != 0)
            return 0;
        if (NLMSG_ALIGN(h->nlmsg_len) >= len - off)
            break;
        off += NLMSG_ALIGN(h->nlmsg_len);
    }
    return PSUTIL__NL_MORE;
}

#define NL_BUFSIZE (64 * 1024)

/* Sends one dump request and hands each socket of the answer to fn
 * (psutil__parse_sock_diag). Returns 0, or PSUTIL_EOS with *err the kernel's errno
 * (ENOENT: this family/protocol is not there), recorded by the caller, which knows which
 * errnos mean "no such table". A failure of fn or a malformed message (a PSUTIL_E* code,
 * recorded) stops the dump and lands in *fn_rc. */
static int nl_dump(int nl, const void *req, size_t reqlen, char *buf, int family, int type,
                   int (*fn)(void *arg, const psutil__sock *s), void *arg, int *fn_rc, int *err)
{
    *fn_rc = 0;
    *err = 0;
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
    if (sendto(nl, req, reqlen, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        *err = errno;
        return PSUTIL_EOS;
    }
    for (;;) {
        ssize_t len = recv(nl, buf, NL_BUFSIZE, 0);
        if (len < 0) {
            /* EAGAIN too: the socket blocks, so it can only be transient. */
            if (errno == EINTR || errno == EAGAIN)
                continue;
            *err = errno;
            return PSUTIL_EOS;
        }
        if (len == 0)
            return 0;
        int r = psutil__parse_sock_diag(buf, (size_t)len, family, type, fn, arg, fn_rc, err);
        if (r != PSUTIL__NL_MORE)
            return r;
    }
}

/* Dumps the wanted tables over netlink. Returns 0, a code, or PSUTIL_ENOTSUP (not
 * recorded) when netlink itself is unusable here: the caller falls back to /proc/net. */
static int dump_netlink(int wants, struct coll *c)
{
    int nl = seam_no_netlink ? (errno = EPROTONOSUPPORT, -1)
                             : socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0)
        return errno == ENOMEM
                   ? psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "netlink")
                   : PSUTIL_ENOTSUP; /* no sock_diag: unrecorded, the caller falls back */
    char *buf = psutil__malloc(NL_BUFSIZE);
    int rc = buf ? 0 : psutil__error(PSUTIL_ENOMEM, 0, NULL, "netlink buffer");
    static const struct {
        int want, af, proto, family, type;
    } inet[] = {
        {WANT_TCP4, AF_INET, IPPROTO_TCP, PSUTIL_AF_INET, PSUTIL_SOCK_STREAM},
        {WANT_TCP6, AF_INET6, IPPROTO_TCP, PSUTIL_AF_INET6, PSUTIL_SOCK_STREAM},
        {WANT_UDP4, AF_INET, IPPROTO_UDP, PSUTIL_AF_INET, PSUTIL_SOCK_DGRAM},
        {WANT_UDP6, AF_INET6, IPPROTO_UDP, PSUTIL_AF_INET6, PSUTIL_SOCK_DGRAM},
    };
    for (size_t i = 0; rc == 0 && i < 4; i++) {
        if (!(wants & inet[i].want))
            continue;
        struct {
            struct nlmsghdr nlh;
            struct inet_diag_req_v2 r;
        } req;
        memset(&req, 0, sizeof(req));
        req.nlh.nlmsg_len = sizeof(req);
        req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        req.nlh.nlmsg_seq = (uint32_t)i + 1;
        req.r.sdiag_family = (uint8_t)inet[i].af;
        req.r.sdiag_protocol = (uint8_t)inet[i].proto;
        req.r.idiag_states = ~0u;
        int fn_rc, err,
            r = nl_dump(nl, &req, sizeof(req), buf, inet[i].family, inet[i].type, coll_add, c,
                        &fn_rc, &err);
        /* ENOENT/EOPNOTSUPP: no such table here (IPv6 off, udp_diag not loaded). */
        if (fn_rc != 0)
            rc = fn_rc;
        else if (r != 0 && err != ENOENT && err != EOPNOTSUPP && err != EAFNOSUPPORT)
            rc = err == ENOMEM
                     ? psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "netlink")
                     : psutil__error(PSUTIL_EOS, err, NULL, "sock_diag: %s", strerror(err));
    }
    if (rc == 0 && (wants & WANT_UNIX)) {
        struct {
            struct nlmsghdr nlh;
            struct unix_diag_req r;
        } req;
        memset(&req, 0, sizeof(req));
        req.nlh.nlmsg_len = sizeof(req);
        req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
        req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
        req.nlh.nlmsg_seq = 10;
        req.r.sdiag_family = AF_UNIX;
        req.r.udiag_states = ~0u;
        req.r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN;
        int fn_rc, err,
            r = nl_dump(nl, &req, sizeof(req), buf, PSUTIL_AF_UNIX, 0, coll_add, c, &fn_rc, &err);
        if (fn_rc != 0)
            rc = fn_rc;
        else if (r != 0 && err != ENOENT && err != EOPNOTSUPP)
            rc = err == ENOMEM
                     ? psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "netlink")
                     : psutil__error(PSUTIL_EOS, err, NULL, "unix_diag: %s", strerror(err));
    }
    psutil__dealloc(buf);
    close(nl);
    return rc;
}

/* --- /proc/net -------------------------------------------------------------------------------- */

static int parse_hex(const char *p, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 16)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                         : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return 0;
}

/* Hex "0100007F" (IPv4) or 32 hex digits (IPv6): the kernel prints each 32-bit word of
 * the address as it sits in memory, so the words go back in host order. */
static int parse_hex_addr(const char *p, size_t n, int family, unsigned char out[16])
{
    size_t words = family == PSUTIL_AF_INET ? 1 : 4;
    unsigned char addr[16] = {0};
    if (n != words * 8)
        return -1;
    for (size_t w = 0; w < words; w++) {
        uint64_t v;
        if (parse_hex(p + w * 8, 8, &v) != 0)
            return -1;
        uint32_t word = (uint32_t)v;
        memcpy(addr + 4 * w, &word, 4);
    }
    memcpy(out, addr, 16);
    return 0;
}

/* Splits a line into blank-separated words (at most max). */
static size_t words(const char *line, size_t n, const char **w, size_t *wl, size_t max)
{
    size_t k = 0;
    const char *p = line, *end = line + n;
    while (k < max) {
        p = psutil__skip_blanks(p, end);
        if (p >= end)
            break;
        w[k] = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        wl[k] = (size_t)(p - w[k]);
        k++;
    }
    return k;
}

int psutil__parse_proc_net_inet(const char *buf, size_t len, int family, int type,
                                int (*fn)(void *arg, const psutil__sock *s), void *arg)
{
    psutil__lines it;
    const char *line, *w[12];
    size_t n, wl[12], lineno = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        if (++lineno == 1 || psutil__only_blanks(line, line + n))
            continue; /* header */
        psutil__sock s;
        uint64_t st, tx, rx, inode, port;
        memset(&s, 0, sizeof(s));
        size_t k = words(line, n, w, wl, 12);
        const char *lc = k > 2 ? memchr(w[1], ':', wl[1]) : NULL;
        const char *rc_ = k > 2 ? memchr(w[2], ':', wl[2]) : NULL;
        const char *qc = k > 4 ? memchr(w[4], ':', wl[4]) : NULL;
        if (k < 10 || !lc || !rc_ || !qc ||
            parse_hex_addr(w[1], (size_t)(lc - w[1]), family, s.laddr) != 0 ||
            parse_hex(lc + 1, (size_t)(w[1] + wl[1] - lc - 1), &port) != 0 || port > 65535)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad local address", lineno);
        s.lport = (int)port;
        if (parse_hex_addr(w[2], (size_t)(rc_ - w[2]), family, s.raddr) != 0 ||
            parse_hex(rc_ + 1, (size_t)(w[2] + wl[2] - rc_ - 1), &port) != 0 || port > 65535)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad remote address", lineno);
        s.rport = (int)port;
        if (parse_hex(w[3], wl[3], &st) != 0 || parse_hex(w[4], (size_t)(qc - w[4]), &tx) != 0 ||
            parse_hex(qc + 1, (size_t)(w[4] + wl[4] - qc - 1), &rx) != 0 ||
            psutil__parse_u64_field(w[9], wl[9], &inode) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad state or inode", lineno);
        s.family = family;
        s.type = type;
        s.status = type == PSUTIL_SOCK_STREAM ? tcp_status((int)st) : PSUTIL_CONN_NONE;
        s.state = tcp_status((int)st);
        s.send_q = (uint32_t)tx;
        s.recv_q = (uint32_t)rx;
        s.inode = inode;
        s.path = "";
        int rc = fn(arg, &s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__parse_proc_net_unix(const char *buf, size_t len,
                                int (*fn)(void *arg, const psutil__sock *s), void *arg)
{
    psutil__lines it;
    const char *line, *w[8];
    size_t n, wl[8], lineno = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        if (++lineno == 1 || psutil__only_blanks(line, line + n))
            continue;
        psutil__sock s;
        uint64_t type, inode;
        memset(&s, 0, sizeof(s));
        /* Num RefCount Protocol Flags Type St Inode [Path] */
        uint64_t flags, st;
        size_t k = words(line, n, w, wl, 7);
        if (k < 7 || parse_hex(w[4], wl[4], &type) != 0 || parse_hex(w[3], wl[3], &flags) != 0 ||
            parse_hex(w[5], wl[5], &st) != 0 || psutil__parse_u64_field(w[6], wl[6], &inode) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: malformed", lineno);
        /* __SO_ACCEPTCON (0x10000) in Flags marks a listener; St 3 is SS_CONNECTED. */
        s.state = (flags & 0x10000) ? PSUTIL_CONN_LISTEN
                  : st == 3         ? PSUTIL_CONN_ESTABLISHED
                                    : PSUTIL_CONN_CLOSE;
        const char *p = psutil__skip_blanks(w[6] + wl[6], line + n);
        s.family = PSUTIL_AF_UNIX;
        s.type = (int)type;
        s.status = PSUTIL_CONN_NONE;
        s.inode = inode;
        s.path = p;
        s.path_len = (size_t)(line + n - p);
        int rc = fn(arg, &s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int dump_procfs(int wants, struct coll *c)
{
    static const struct {
        int want;
        const char *file;
        int family, type;
    } files[] = {
        {WANT_TCP4, "net/tcp", PSUTIL_AF_INET, PSUTIL_SOCK_STREAM},
        {WANT_TCP6, "net/tcp6", PSUTIL_AF_INET6, PSUTIL_SOCK_STREAM},
        {WANT_UDP4, "net/udp", PSUTIL_AF_INET, PSUTIL_SOCK_DGRAM},
        {WANT_UDP6, "net/udp6", PSUTIL_AF_INET6, PSUTIL_SOCK_DGRAM},
        {WANT_UNIX, "net/unix", PSUTIL_AF_UNIX, 0},
    };
    psutil__buf b = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < 5; i++) {
        if (!(wants & files[i].want))
            continue;
        char rel[64];
        psutil__linux_host_file(files[i].file, rel, sizeof(rel));
        rc = psutil__read_root_file(PSUTIL__ROOT_PROC, rel, &b);
        if (rc == PSUTIL_EOS) { /* no IPv6 here: nothing to list */
            rc = 0;
            continue;
        }
        if (rc != 0)
            break;
        rc = files[i].family == PSUTIL_AF_UNIX
                 ? psutil__parse_proc_net_unix(b.data, b.len, coll_add, c)
                 : psutil__parse_proc_net_inet(b.data, b.len, files[i].family, files[i].type,
                                               coll_add, c);
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, rel, rc);
    }
    psutil__buf_release(&b);
    return rc;
}

/* --- owners -------------------------------------------------------------------------------- */

struct owner {
    size_t sock; /* index into the collection */
    psutil_pid_t pid;
    int fd;
};

struct owners {
    struct owner *v;
    size_t n, cap;
    uint64_t *inodes; /* sorted inodes of the collection, with their indexes */
    size_t *index;
    size_t ninodes;
};

/* Socket inodes of one fd directory: calls back (fd, inode) for each socket link. The
 * listing is getdents64 into a buffer on the stack, not a DIR: this runs on the owner
 * walk's worker threads, and what a worker mallocs lands in its thread's arena, which
 * glibc keeps (net_connections grew 10 bytes a call over 100,000 calls that way). */
static int scan_fd_dir(int fddir, int (*fn)(void *arg, int fd, uint64_t inode), void *arg)
{
    char buf[8192] __attribute__((aligned(8)));
    char link[64];
    int rc = 0, err = 0;
    for (;;) {
        ssize_t got = getdents64(fddir, buf, sizeof(buf));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            err = errno;
        if (got <= 0)
            break;
        for (ssize_t off = 0; rc == 0 && off < got;) {
            const struct dirent64 *e = (const void *)(buf + off);
            off += e->d_reclen;
            if (e->d_name[0] < '0' || e->d_name[0] > '9')
                continue;
            ssize_t n = readlinkat(fddir, e->d_name, link, sizeof(link) - 1);
            if (n < 0 && errno == ENOMEM)
                err = ENOMEM;
            if (n < 9 || memcmp(link, "socket:[", 8) != 0 || link[n - 1] != ']')
                continue;
            uint64_t inode, fd;
            if (psutil__parse_u64_field(link + 8, (size_t)n - 9, &inode) != 0 ||
                psutil__parse_u64_field(e->d_name, strlen(e->d_name), &fd) != 0 || fd > INT32_MAX)
                continue;
            rc = fn(arg, (int)fd, inode);
        }
        if (rc != 0 || err == ENOMEM)
            break;
    }
    close(fddir);
    /* A process that ended owns nothing we can show (psutil's rule; one whose fds are not
     * ours to see was skipped at the open); another failure (memory, I/O) is an error,
     * not a missing owner. */
    if (rc == 0 && err != 0 && err != ENOENT && err != ESRCH)
        rc = psutil__error_from_errno(err, "socket owners");
    return rc;
}

struct scan_ctx {
    struct owners *o;
    psutil_pid_t pid;
};

static int add_owner(void *arg, int fd, uint64_t inode)
{
    struct scan_ctx *x = arg;
    struct owners *o = x->o;
    uint64_t *hit = bsearch(&inode, o->inodes, o->ninodes, sizeof(*o->inodes), cmp_u64);
    if (!hit)
        return 0;
    /* Socket inodes are unique, so the one hit is the socket. */
    size_t at = (size_t)(hit - o->inodes);
    int rc = psutil__grow(&o->v, &o->cap, o->n, sizeof(*o->v), 256, "socket owners");
    if (rc != 0)
        return rc;
    o->v[o->n++] = (struct owner){o->index[at], x->pid, fd};
    return 0;
}

static int cmp_by_inode(const void *a, const void *b, void *arg)
{
    const struct coll *c = arg;
    uint64_t x = c->v[*(const size_t *)a].inode, y = c->v[*(const size_t *)b].inode;
    return x < y ? -1 : x > y;
}

/* The collection's inodes, sorted, with the index of each socket. */
static int index_inodes(struct coll *c, struct owners *o)
{
    o->index = psutil__malloc((c->n ? c->n : 1) * sizeof(*o->index));
    o->inodes = psutil__malloc((c->n ? c->n : 1) * sizeof(*o->inodes));
    if (!o->index || !o->inodes)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "socket index");
    for (size_t i = 0; i < c->n; i++)
        o->index[i] = i;
    qsort_r(o->index, c->n, sizeof(*o->index), cmp_by_inode, c);
    for (size_t i = 0; i < c->n; i++)
        o->inodes[i] = c->v[o->index[i]].inode;
    o->ninodes = c->n;
    return 0;
}

/* The fd walk is the cost of a connection listing (thousands of readlinks): above this
 * many processes it is split across the online CPUs, as the process table is. */
#define OWNER_THREADS_MIN_PIDS 256
#define OWNER_MAX_THREADS 8

/* The owner walk: each slice keeps its own owner list (the inode index is shared and
 * read-only). */
struct owner_job {
    struct owners o[OWNER_MAX_THREADS];
    const psutil_pid_t *pids;
    int root;
};

static int scan_owner_slice(void *arg, size_t slice, size_t begin, size_t end)
{
    struct owner_job *job = arg;
    int rc = 0;
    for (size_t i = begin; rc == 0 && i < end; i++) {
        char rel[32];
        snprintf(rel, sizeof(rel), "%lld/fd", (long long)job->pids[i]);
        int fddir = psutil__openat(job->root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fddir < 0) {
            int err = errno;
            /* Ended, or not ours to look into: skipped. Out of memory or fds: an error
             * (its sockets would show no owner). */
            if (err != ENOENT && err != ESRCH && err != EACCES && err != EPERM)
                rc = psutil__error_from_errno(err, rel);
            continue;
        }
        struct scan_ctx x = {&job->o[slice], job->pids[i]};
        rc = scan_fd_dir(fddir, add_owner, &x);
    }
    return rc;
}

/* One scan of every /proc/PID/fd. Processes we may not look into are skipped: their
 * sockets keep pid -1, as with psutil as an unprivileged user. */
static int scan_all_owners(struct owners *o)
{
    psutil_pid_t *pids = NULL;
    size_t n = 0, nslices = 0;
    struct owner_job job;
    int rc = psutil__os_pids(&pids, &n);
    if (rc == 0 && (job.root = psutil__root_open(PSUTIL__ROOT_PROC)) < 0)
        rc = job.root;
    if (rc != 0) {
        psutil__dealloc(pids);
        return rc;
    }
    job.pids = pids;
    /* The workers' lists are allocated here, room for every listed socket each: what a
     * worker thread mallocs comes from its own glibc arena, which stays with the process
     * and fragments call after call. A worker grows its list only when sockets shared
     * between processes outnumber that. */
    size_t k = psutil__slice_count(n, OWNER_THREADS_MIN_PIDS, OWNER_MAX_THREADS);
    for (size_t t = 0; t < OWNER_MAX_THREADS; t++) {
        memset(&job.o[t], 0, sizeof(job.o[t]));
        job.o[t].inodes = o->inodes;
        job.o[t].index = o->index;
        job.o[t].ninodes = o->ninodes;
        if (rc == 0 && t > 0 && t < k) {
            job.o[t].cap = o->ninodes + 16;
            job.o[t].v = psutil__malloc(job.o[t].cap * sizeof(*job.o[t].v));
            if (!job.o[t].v)
                rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "socket owners");
        }
    }
    if (rc == 0)
        rc = psutil__run_slices(n, OWNER_THREADS_MIN_PIDS, OWNER_MAX_THREADS, scan_owner_slice,
                                &job, &nslices);
    /* Gather the slices' owners into o. */
    for (size_t t = 0; t < nslices && rc == 0; t++) {
        size_t need = o->n + job.o[t].n;
        if (job.o[t].n == 0)
            continue;
        if (need > o->cap) {
            if ((rc = psutil__resize(&o->v, need, sizeof(*o->v), "socket owners")) != 0)
                break;
            o->cap = need;
        }
        memcpy(o->v + o->n, job.o[t].v, job.o[t].n * sizeof(*o->v));
        o->n = need;
    }
    for (size_t t = 0; t < OWNER_MAX_THREADS; t++)
        psutil__dealloc(job.o[t].v);
    close(job.root);
    psutil__dealloc(pids);
    return rc;
}

static int cmp_owner(const void *a, const void *b)
{
    const struct owner *x = a, *y = b;
    if (x->sock != y->sock)
        return x->sock < y->sock ? -1 : 1;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return x->fd - y->fd;
}

static int is_zero(const unsigned char *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i])
            return 0;
    return 1;
}

/* Adds the row(s) of socket i: one per owner, or one without. */
static int emit(psutil__pack *pk, const struct coll *c, size_t i, const struct owner *own,
                size_t nown)
{
    const psutil__sock *s = &c->v[i];
    psutil_connection_t r;
    char l[INET6_ADDRSTRLEN] = "", rr[INET6_ADDRSTRLEN] = "";
    const char *laddr = l, *raddr = rr;
    size_t llen, rlen;
    memset(&r, 0, sizeof(r));
    r.family = s->family;
    r.type = s->type;
    r.status = s->status;
    r.state = s->state;
    r.recv_q = s->recv_q;
    r.send_q = s->send_q;
    r.inode = s->inode;
    if (s->family == PSUTIL_AF_UNIX) {
        laddr = c->paths.data + c->path_off[i];
        llen = strlen(laddr);
        if (s->path_len && laddr[0] == '@')
            llen = s->path_len; /* an abstract name may hold NULs */
        rlen = 0;
    } else {
        int af = s->family == PSUTIL_AF_INET ? AF_INET : AF_INET6;
        size_t alen = af == AF_INET ? 4 : 16;
        inet_ntop(af, s->laddr, l, sizeof(l));
        r.lport = s->lport;
        /* No peer (listening, unconnected UDP): psutil's empty raddr. */
        if (!(s->rport == 0 && is_zero(s->raddr, alen))) {
            inet_ntop(af, s->raddr, rr, sizeof(rr));
            r.rport = s->rport;
        }
        llen = strlen(l);
        rlen = strlen(rr);
    }
    size_t rows = nown ? nown : 1;
    for (size_t k = 0; k < rows; k++) {
        r.pid = nown ? own[k].pid : -1;
        r.fd = nown ? own[k].fd : -1;
        int rc = psutil__pack_str(pk, laddr, llen, &r.laddr);
        if (rc == 0)
            rc = psutil__pack_str(pk, raddr, rlen, &r.raddr);
        if (rc == 0)
            rc = psutil__pack_add(pk, &r);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The fd→inode pairs of one process, through its proven /proc/PID directory. */
struct proc_socks {
    uint64_t *inodes;
    int *fds;
    size_t n, cap;
};

static int add_proc_sock(void *arg, int fd, uint64_t inode)
{
    struct proc_socks *ps = arg;
    if (ps->n == ps->cap) { /* two arrays in step */
        size_t cap = psutil__grown_cap(ps->cap, 64);
        int rc = psutil__resize(&ps->inodes, cap, sizeof(*ps->inodes), "process sockets");
        if (rc == 0)
            rc = psutil__resize(&ps->fds, cap, sizeof(*ps->fds), "process sockets");
        if (rc != 0)
            return rc;
        ps->cap = cap;
    }
    ps->inodes[ps->n] = inode;
    ps->fds[ps->n++] = fd;
    return 0;
}

int psutil__os_net_connections(int kind, psutil_proc_t *p, psutil_connection_t **out, size_t *out_n)
{
    struct coll c;
    struct owners o;
    struct proc_socks ps;
    psutil__pack pk;
    uint64_t *sorted = NULL;
    int rc = 0;
    memset(&c, 0, sizeof(c));
    memset(&o, 0, sizeof(o));
    memset(&ps, 0, sizeof(ps));
    PSUTIL__PACK_INIT(&pk, psutil__layout_connection);
    if (p) {
        /* One process: its own fds first; the tables only if it has sockets. */
        struct psutil__pctx ctx;
        if ((rc = psutil__proc_begin(p, &ctx)) != 0)
            return rc;
        int fddir = psutil__openat(ctx.dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fddir < 0)
            rc = psutil__proc_errno(errno, "fd");
        else
            rc = scan_fd_dir(fddir, add_proc_sock, &ps);
        psutil__proc_end(&ctx);
        if (rc == 0 && ps.n) {
            sorted = psutil__malloc(ps.n * sizeof(*sorted));
            if (!sorted)
                rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "process sockets");
            else {
                memcpy(sorted, ps.inodes, ps.n * sizeof(*sorted));
                qsort(sorted, ps.n, sizeof(*sorted), cmp_u64);
                c.only = sorted;
                c.only_n = ps.n;
            }
        }
        if (rc != 0 || ps.n == 0)
            goto finish;
    }
    /* Netlink answers for the caller's network namespace; with the procfs root moved (a
     * host's /proc seen from a container) the tables are the root's: <root>/1/net/. */
    rc = psutil__root_is_default(PSUTIL__ROOT_PROC) ? dump_netlink(kind_wants(kind), &c)
                                                    : PSUTIL_ENOTSUP;
    if (rc == PSUTIL_ENOTSUP) { /* netlink unavailable, or the root moved: the procfs tables */
        c.n = 0;
        c.paths.len = 0;
        rc = dump_procfs(kind_wants(kind), &c);
    }
    if (rc == 0)
        rc = index_inodes(&c, &o);
    if (rc == 0 && !p)
        rc = scan_all_owners(&o);
    if (rc == 0 && p) {
        struct scan_ctx x = {&o, p->pid};
        for (size_t i = 0; rc == 0 && i < ps.n; i++)
            rc = add_owner(&x, ps.fds[i], ps.inodes[i]);
    }
    if (rc == 0 && o.n > 1)
        qsort(o.v, o.n, sizeof(*o.v), cmp_owner);
    if (rc == 0)
        rc = psutil__pack_reserve(&pk, c.n + o.n, (c.n + o.n) * 32);
    for (size_t i = 0, k = 0; rc == 0 && i < c.n; i++) {
        size_t first = k;
        while (k < o.n && o.v[k].sock == i)
            k++;
        if (p && k == first)
            continue; /* another process's socket */
        /* No owners at all leaves o.v NULL: pass no pointer then (NULL + 0 is undefined). */
        rc = emit(&pk, &c, i, k > first ? o.v + first : NULL, k - first);
    }
finish:
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__dealloc(c.v);
    psutil__dealloc(c.path_off);
    psutil__buf_release(&c.paths);
    psutil__dealloc(o.v);
    psutil__dealloc(o.inodes);
    psutil__dealloc(o.index);
    psutil__dealloc(ps.inodes);
    psutil__dealloc(ps.fds);
    psutil__dealloc(sorted);
    return rc;
}
