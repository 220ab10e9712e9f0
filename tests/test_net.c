/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_net.c - the network: sockets the test creates (TCP listening and established,
 * UDP, IPv6, unix stream and datagram with a path, abstract and unnamed) found with the
 * right addresses, state, pid and fd, and checked against ss and python3-psutil at the
 * same instant; the /proc/net fallback forced and compared with netlink; kinds; the
 * process view; parsers on captured and malformed files; interfaces against ip -j and
 * /sys/class/net; the tools.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "linux/linux.h"

struct socks {
    int l4, c4, a4, l6, c6, a6, u4, u4c, u6, ux, uxd, uab, sp[2];
    int port4, port6, uport4, uport6;
    char path[64], dpath[64];
};

static int port_of(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    CHECK(getsockname(fd, (struct sockaddr *)&ss, &len) == 0);
    return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port)
                                   : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* 1 when a socket of this family binds to its loopback address. */
static int loopback_binds(int family)
{
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;
    if (family == AF_INET)
        ok = fd >= 0 && bind(fd, (struct sockaddr *)&a4, sizeof(a4)) == 0;
    else
        ok = fd >= 0 && bind(fd, (struct sockaddr *)&a6, sizeof(a6)) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* 127.0.0.1 and ::1 both, here or in a network namespace of this test's own: a machine
 * or container without an IPv6 loopback (or with lo down) runs the same tests. Root
 * makes the namespace (CI runs as root; ss and the oracle, started from here, share it);
 * without root the test is skipped and says why. */
static void need_loopbacks(void)
{
    if (loopback_binds(AF_INET) && loopback_binds(AF_INET6))
        return;
    if (geteuid() != 0)
        harness_skip("no IPv4 or IPv6 loopback here, and no root to make a network namespace "
                     "that has both");
    CHECK_MSG(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s", strerror(errno));
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0);
    ifr.ifr_flags |= IFF_UP;
    CHECK(ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
    close(fd);
    CHECK_MSG(loopback_binds(AF_INET) && loopback_binds(AF_INET6),
              "no loopback even in a new network namespace (is IPv6 off in the kernel?)");
    fprintf(stderr, "    (in a network namespace of its own: this machine lacks a loopback)\n");
}

/* Every socket close-on-exec: children (ss, the oracle) must not inherit them, or they
 * would be owners too (and psutil 5.9.4 credits a shared socket to the last pid it scans). */
static void make_socks(struct socks *s)
{
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    socklen_t len;
    need_loopbacks();
    s->l4 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->l4, (struct sockaddr *)&a4, sizeof(a4)) == 0 && listen(s->l4, 8) == 0);
    s->port4 = port_of(s->l4);
    a4.sin_port = htons((uint16_t)s->port4);
    s->c4 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(connect(s->c4, (struct sockaddr *)&a4, sizeof(a4)) == 0);
    s->a4 = accept4(s->l4, NULL, NULL, SOCK_CLOEXEC);
    s->l6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->l6, (struct sockaddr *)&a6, sizeof(a6)) == 0 && listen(s->l6, 8) == 0);
    s->port6 = port_of(s->l6);
    a6.sin6_port = htons((uint16_t)s->port6);
    s->c6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(connect(s->c6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
    s->a6 = accept4(s->l6, NULL, NULL, SOCK_CLOEXEC);
    a4.sin_port = 0;
    s->u4 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->u4, (struct sockaddr *)&a4, sizeof(a4)) == 0);
    s->uport4 = port_of(s->u4);
    s->u4c = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0); /* connected UDP: has a remote */
    a4.sin_port = htons((uint16_t)s->uport4);
    CHECK(connect(s->u4c, (struct sockaddr *)&a4, sizeof(a4)) == 0);
    a6.sin6_port = 0;
    s->u6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->u6, (struct sockaddr *)&a6, sizeof(a6)) == 0);
    s->uport6 = port_of(s->u6);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    snprintf(s->path, sizeof(s->path), "/tmp/psutil-test-%d.sock", (int)getpid());
    snprintf(un.sun_path, sizeof(un.sun_path), "%s", s->path);
    unlink(s->path);
    s->ux = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->ux, (struct sockaddr *)&un, sizeof(un)) == 0 && listen(s->ux, 4) == 0);
    snprintf(s->dpath, sizeof(s->dpath), "/tmp/psutil-test-%d.dgram", (int)getpid());
    snprintf(un.sun_path, sizeof(un.sun_path), "%s", s->dpath);
    unlink(s->dpath);
    s->uxd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->uxd, (struct sockaddr *)&un, sizeof(un)) == 0);
    /* Abstract: a leading NUL. */
    memset(&un, 0, sizeof(un));
    un.sun_family = AF_UNIX;
    len = (socklen_t)snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "psutil-abs-%d",
                              (int)getpid());
    s->uab = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(bind(s->uab, (struct sockaddr *)&un,
               (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) == 0);
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s->sp) == 0); /* unnamed */
}

static void drop_socks(struct socks *s)
{
    unlink(s->path);
    unlink(s->dpath);
}

static const psutil_connection_t *by_fd(const psutil_connection_t *v, size_t n, int fd)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].pid == getpid() && v[i].fd == fd)
            return &v[i];
    return NULL;
}

static void check_ours(const psutil_connection_t *v, size_t n, const struct socks *s)
{
    const psutil_connection_t *c;
    CHECK((c = by_fd(v, n, s->l4)) && c->family == PSUTIL_AF_INET && c->type == PSUTIL_SOCK_STREAM);
    CHECK(strcmp(c->laddr, "127.0.0.1") == 0 && c->lport == s->port4);
    CHECK(c->status == PSUTIL_CONN_LISTEN && c->raddr[0] == '\0' && c->rport == 0);
    CHECK((c = by_fd(v, n, s->c4)) && c->status == PSUTIL_CONN_ESTABLISHED);
    CHECK(strcmp(c->raddr, "127.0.0.1") == 0 && c->rport == s->port4);
    CHECK((c = by_fd(v, n, s->a4)) && c->status == PSUTIL_CONN_ESTABLISHED && c->lport == s->port4);
    CHECK((c = by_fd(v, n, s->l6)) && c->family == PSUTIL_AF_INET6 && strcmp(c->laddr, "::1") == 0);
    CHECK(c->lport == s->port6 && c->status == PSUTIL_CONN_LISTEN);
    CHECK((c = by_fd(v, n, s->c6)) && c->status == PSUTIL_CONN_ESTABLISHED && c->rport == s->port6);
    CHECK((c = by_fd(v, n, s->u4)) && c->type == PSUTIL_SOCK_DGRAM &&
          c->status == PSUTIL_CONN_NONE);
    CHECK(c->lport == s->uport4 && c->raddr[0] == '\0');
    CHECK((c = by_fd(v, n, s->u4c)) && strcmp(c->raddr, "127.0.0.1") == 0 && c->rport == s->uport4);
    CHECK((c = by_fd(v, n, s->u6)) && c->family == PSUTIL_AF_INET6 && c->lport == s->uport6);
    CHECK((c = by_fd(v, n, s->ux)) && c->family == PSUTIL_AF_UNIX &&
          strcmp(c->laddr, s->path) == 0);
    CHECK(c->type == PSUTIL_SOCK_STREAM);
    CHECK((c = by_fd(v, n, s->uxd)) && c->type == PSUTIL_SOCK_DGRAM &&
          strcmp(c->laddr, s->dpath) == 0);
    char abs[64];
    snprintf(abs, sizeof(abs), "@psutil-abs-%d", (int)getpid());
    CHECK((c = by_fd(v, n, s->uab)) && strcmp(c->laddr, abs) == 0);
    CHECK((c = by_fd(v, n, s->sp[0])) && c->laddr[0] == '\0');
}

TEST(sockets_we_create_appear_with_addresses_state_pid_and_fd)
{
    struct socks s;
    psutil_connection_t *v;
    size_t n;
    make_socks(&s);
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &v, &n));
    check_ours(v, n, &s);
    psutil_free(v);
    drop_socks(&s);
}

TEST(the_proc_net_fallback_finds_the_same_sockets)
{
    struct socks s;
    psutil_connection_t *a, *b;
    size_t na, nb;
    make_socks(&s);
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &a, &na));
    psutil__test_net_no_netlink(1);
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &b, &nb));
    psutil__test_net_no_netlink(0);
    check_ours(b, nb, &s);
    /* Every socket of ours, field for field, from both sources. */
    for (size_t i = 0; i < na; i++) {
        if (a[i].pid != getpid())
            continue;
        const psutil_connection_t *o = by_fd(b, nb, a[i].fd);
        CHECK_MSG(o, "fd %d missing from /proc/net", a[i].fd);
        CHECK(o->family == a[i].family && o->type == a[i].type && o->status == a[i].status);
        CHECK(strcmp(o->laddr, a[i].laddr) == 0 && o->lport == a[i].lport);
        CHECK(strcmp(o->raddr, a[i].raddr) == 0 && o->rport == a[i].rport &&
              o->inode == a[i].inode);
    }
    psutil_free(a);
    psutil_free(b);
    drop_socks(&s);
}

TEST(kinds_select_families_and_protocols)
{
    struct socks s;
    make_socks(&s);
    static const struct {
        int kind, family, type; /* 0: any */
    } k[] = {{PSUTIL_CONN_KIND_TCP4, PSUTIL_AF_INET, PSUTIL_SOCK_STREAM},
             {PSUTIL_CONN_KIND_TCP6, PSUTIL_AF_INET6, PSUTIL_SOCK_STREAM},
             {PSUTIL_CONN_KIND_UDP4, PSUTIL_AF_INET, PSUTIL_SOCK_DGRAM},
             {PSUTIL_CONN_KIND_UDP6, PSUTIL_AF_INET6, PSUTIL_SOCK_DGRAM},
             {PSUTIL_CONN_KIND_UNIX, PSUTIL_AF_UNIX, 0},
             {PSUTIL_CONN_KIND_INET4, PSUTIL_AF_INET, 0},
             {PSUTIL_CONN_KIND_INET6, PSUTIL_AF_INET6, 0}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        psutil_connection_t *v;
        size_t n, mine = 0;
        CHECK_OK(psutil_net_connections(k[i].kind, &v, &n));
        for (size_t j = 0; j < n; j++) {
            CHECK(v[j].family == k[i].family);
            CHECK(!k[i].type || v[j].type == k[i].type);
            mine += v[j].pid == getpid();
        }
        CHECK_MSG(mine > 0, "kind %d: none of ours", k[i].kind);
        psutil_free(v);
    }
    psutil_connection_t *v = NULL;
    size_t n = 5;
    CHECK_RC(psutil_net_connections(99, &v, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_net_connections(-1, &v, &n), PSUTIL_EINVAL);
    CHECK(v == NULL && n == 5);
    drop_socks(&s);
}

TEST(the_process_view_is_its_own_sockets)
{
    struct socks s;
    psutil_connection_t *all, *mine;
    size_t na, nm, expect = 0;
    psutil_proc_t *p;
    make_socks(&s);
    CHECK_OK(psutil_proc_open(getpid(), &p));
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &all, &na));
    CHECK_OK(psutil_proc_connections(p, PSUTIL_CONN_KIND_ALL, &mine, &nm));
    for (size_t i = 0; i < na; i++)
        expect += all[i].pid == getpid();
    CHECK_EQ_U64(nm, expect);
    for (size_t i = 0; i < nm; i++)
        CHECK(mine[i].pid == getpid() && by_fd(all, na, mine[i].fd));
    psutil_free(mine);
    CHECK_OK(psutil_proc_connections(p, PSUTIL_CONN_KIND_TCP6, &mine, &nm));
    CHECK(nm == 3); /* listener, client, accepted */
    psutil_free(mine);
    psutil_proc_close(p);
    psutil_free(all);
    /* A process without sockets: nothing, and no table was needed. */
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid_t child = fork();
    if (child == 0) {
        for (int fd = 3; fd < 1024; fd++)
            if (fd != ready[1])
                close(fd);
        close(ready[1]); /* the last one: the parent's read below sees the end of file */
        pause();
        _exit(0);
    }
    close(ready[1]);
    char eof;
    CHECK(read(ready[0], &eof, 1) == 0); /* every descriptor of the child is closed */
    close(ready[0]);
    CHECK_OK(psutil_proc_open(child, &p));
    CHECK_OK(psutil_proc_connections(p, PSUTIL_CONN_KIND_ALL, &mine, &nm));
    CHECK(nm == 0);
    psutil_free(mine);
    psutil_proc_close(p);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    drop_socks(&s);
}

TEST(agrees_with_ss_and_psutil)
{
    struct socks s;
    psutil_connection_t *v;
    size_t n;
    char *out, cmd[256];
    make_socks(&s);
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &v, &n));
    /* ss -tanpu: every TCP/UDP socket of ours shows with the same local address and the
     * same state, and ss names our pid. */
    CHECK(run("ss -tanpuH", &out) == 0);
    for (size_t i = 0; i < n; i++) {
        if (v[i].pid != getpid() || v[i].family == PSUTIL_AF_UNIX)
            continue;
        char local[96];
        snprintf(local, sizeof(local), v[i].family == PSUTIL_AF_INET6 ? " [%s]:%d " : " %s:%d ",
                 v[i].laddr, v[i].lport);
        int seen = 0;
        for (char *line = out; line && *line;
             line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            char *eol = strchr(line, '\n');
            size_t len = eol ? (size_t)(eol - line) : strlen(line);
            char buf[1024];
            snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
            char pidtxt[32];
            snprintf(pidtxt, sizeof(pidtxt), "pid=%d,fd=%d", (int)getpid(), v[i].fd);
            if (strstr(buf, local) && strstr(buf, pidtxt)) {
                seen = 1;
                const char *st = v[i].status == PSUTIL_CONN_LISTEN        ? "LISTEN"
                                 : v[i].status == PSUTIL_CONN_ESTABLISHED ? "ESTAB"
                                                                          : "UNCONN";
                if (v[i].type == PSUTIL_SOCK_DGRAM)
                    st = v[i].raddr[0] ? "ESTAB" : "UNCONN";
                CHECK_MSG(strstr(buf, st), "state of fd %d: ss says %s", v[i].fd, buf);
            }
        }
        CHECK_MSG(seen, "ss does not list fd %d (%s)", v[i].fd, local);
    }
    free(out);
    snprintf(cmd, sizeof(cmd), "ss -xapH | grep 'pid=%d,' | wc -l", (int)getpid());
    CHECK(run(cmd, &out) == 0);
    size_t unix_mine = 0;
    for (size_t i = 0; i < n; i++)
        unix_mine += v[i].pid == getpid() && v[i].family == PSUTIL_AF_UNIX;
    CHECK_MSG((size_t)atoi(out) == unix_mine, "ss -xp: %s, psutil %zu", out, unix_mine);
    free(out);
    /* python3-psutil at the same instant: our pid's tuples, as sets. */
    char code[512];
    snprintf(code, sizeof(code),
             "mine = sorted('%%s|%%d|%%d|%%s|%%s|%%s' %% (c.fd, c.family, c.type, "
             "c.laddr if isinstance(c.laddr, str) else '%%s:%%d' %% c.laddr, "
             "c.raddr if isinstance(c.raddr, str) else ('%%s:%%d' %% c.raddr if c.raddr else ''), "
             "c.status) for c in psutil.net_connections('all') if c.pid == %d)\n"
             "print('n', len(mine))\n"

             "print('all', '\\n'.join(mine).encode().hex())",
             (int)getpid());
    oracle *o = oracle_start(code);
    char **lines = malloc(n * sizeof(*lines));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].pid != getpid())
            continue;
        char l[160], r[160];
        if (v[i].family == PSUTIL_AF_UNIX) {
            snprintf(l, sizeof(l), "%s", v[i].laddr);
            snprintf(r, sizeof(r), "%s", v[i].raddr);
        } else {
            snprintf(l, sizeof(l), "%s:%d", v[i].laddr, v[i].lport);
            if (v[i].raddr[0])
                snprintf(r, sizeof(r), "%s:%d", v[i].raddr, v[i].rport);
            else
                r[0] = '\0';
        }
        lines[m] = malloc(512);
        snprintf(lines[m], 512, "%d|%d|%d|%s|%s|%s", v[i].fd, v[i].family, v[i].type, l, r,
                 psutil_conn_status_name(v[i].status));
        m++;
    }
    CHECK_MSG((double)m == oracle_get(o, "n"), "ours %zu, psutil %g", m, oracle_get(o, "n"));
    /* Sorted the same way Python sorts strings (bytewise for ASCII). */
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char *t = lines[j];
            lines[j] = lines[j - 1];
            lines[j - 1] = t;
        }
    char *joined = calloc(1, m * 512 + 1);
    for (size_t i = 0; i < m; i++) {
        if (i)
            strcat(joined, "\n");
        strcat(joined, lines[i]);
        free(lines[i]);
    }
    /* psutil reads /proc/net/unix, which shows abstract names with '@' too. */
    const char *theirs = oracle_str(o, "all");
    CHECK_MSG(strcmp(joined, theirs) == 0, "\n  ours   %s\n  psutil %s", joined, theirs);
    free(joined);
    free(lines);
    oracle_finish(o);
    psutil_free(v);
    drop_socks(&s);
}

struct seen_socks {
    size_t n;
    psutil__sock v[16];
    char paths[16][112];
};

static int keep_sock(void *arg, const psutil__sock *s)
{
    struct seen_socks *k = arg;
    if (k->n < 16) {
        k->v[k->n] = *s;
        snprintf(k->paths[k->n], sizeof(k->paths[0]), "%.*s", (int)s->path_len, s->path);
    }
    k->n++;
    return 0;
}

TEST(proc_net_parsers_on_captures_and_malformed_files)
{
    size_t len;
    char *b = slurp(fixture("net/tcp"), &len), addr[64];
    struct seen_socks k = {0};
    CHECK_OK(
        psutil__parse_proc_net_inet(b, len, PSUTIL_AF_INET, PSUTIL_SOCK_STREAM, keep_sock, &k));
    free(b);
    CHECK(k.n == 4);
    /* A loopback listener and both ends of one connection. */
    inet_ntop(AF_INET, k.v[0].laddr, addr, sizeof(addr));
    CHECK(strcmp(addr, "127.0.0.1") == 0 && k.v[0].status == PSUTIL_CONN_LISTEN);
    CHECK(k.v[2].status == PSUTIL_CONN_ESTABLISHED && k.v[2].rport == k.v[0].lport);
    CHECK(k.v[3].lport == k.v[0].lport && k.v[3].rport == k.v[2].lport);
    k.n = 0;
    b = slurp(fixture("net/tcp6"), &len);
    CHECK_OK(
        psutil__parse_proc_net_inet(b, len, PSUTIL_AF_INET6, PSUTIL_SOCK_STREAM, keep_sock, &k));
    free(b);
    inet_ntop(AF_INET6, k.v[0].laddr, addr, sizeof(addr));
    CHECK(k.n == 3 && strcmp(addr, "::1") == 0);
    k.n = 0;
    b = slurp(fixture("net/udp"), &len);
    CHECK_OK(psutil__parse_proc_net_inet(b, len, PSUTIL_AF_INET, PSUTIL_SOCK_DGRAM, keep_sock, &k));
    free(b);
    CHECK(k.n == 1 && k.v[0].status == PSUTIL_CONN_NONE);
    k.n = 0;
    b = slurp(fixture("net/unix"), &len);
    CHECK_OK(psutil__parse_proc_net_unix(b, len, keep_sock, &k));
    free(b);
    int saw_path = 0, saw_abstract = 0;
    for (size_t i = 0; i < k.n && i < 16; i++) {
        saw_path |= strcmp(k.paths[i], "/tmp/psutil-fixture.sock") == 0 &&
                    k.v[i].type == PSUTIL_SOCK_STREAM;
        saw_abstract |=
            strcmp(k.paths[i], "@psutil-abstract") == 0 && k.v[i].type == PSUTIL_SOCK_DGRAM;
    }
    CHECK(saw_path && saw_abstract);
    k.n = 0;
    b = slurp(fixture("net/malformed-tcp"), &len);
    CHECK_RC(psutil__parse_proc_net_inet(b, len, PSUTIL_AF_INET, PSUTIL_SOCK_STREAM, keep_sock, &k),
             PSUTIL_EPARSE);
    free(b);
    b = slurp(fixture("net/malformed-unix"), &len);
    CHECK_RC(psutil__parse_proc_net_unix(b, len, keep_sock, &k), PSUTIL_EPARSE);
    free(b);
    CHECK(k.n == 0);
}

TEST(io_counters_parse_and_bracket_the_kernel_and_psutil)
{
    psutil_net_io_t *a, *c, ta;
    size_t na, nc;
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &a, &na));
    CHECK_OK(psutil_net_io_counters(NULL, &ta));
    oracle *o =
        oracle_start("d = psutil.net_io_counters(pernic=True)\n"
                     "print('n', len(d))\n"
                     "for k, v in d.items():\n"
                     "    print(k + '.recv', v.bytes_recv); print(k + '.pkts', v.packets_sent)\n"
                     "t = psutil.net_io_counters(); print('total.recv', t.bytes_recv)");
    /* sysfs statistics of each NIC, read directly between our two readings. */
    unsigned long long *sys_rx = calloc(na ? na : 1, sizeof(*sys_rx));
    int *have_sys = calloc(na ? na : 1, sizeof(*have_sys));
    for (size_t i = 0; i < na; i++) {
        char path[256];
        snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/rx_bytes", a[i].name);
        char *sys = slurp(path, NULL);
        if (sys) {
            sys_rx[i] = strtoull(sys, NULL, 10);
            have_sys[i] = 1;
            free(sys);
        }
    }
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &c, &nc));
    CHECK(na == nc && na == (size_t)oracle_get(o, "n"));
    unsigned long long total_after = 0;
    size_t sys_checked = 0;
    for (size_t i = 0; i < na; i++) {
        char key[64];
        snprintf(key, sizeof(key), "%s.recv", a[i].name);
        CHECK_BETWEEN(oracle_get(o, key), a[i].bytes_recv, c[i].bytes_recv, 0);
        snprintf(key, sizeof(key), "%s.pkts", a[i].name);
        CHECK_BETWEEN(oracle_get(o, key), a[i].packets_sent, c[i].packets_sent, 0);
        total_after += c[i].bytes_recv;
        CHECK(strcmp(a[i].name, c[i].name) == 0);
        if (have_sys[i]) {
            CHECK_BETWEEN(sys_rx[i], a[i].bytes_recv, c[i].bytes_recv, 0);
            sys_checked++;
        }
    }
    CHECK(sys_checked >= 1); /* lo at least */
    free(sys_rx);
    free(have_sys);
    CHECK_BETWEEN(oracle_get(o, "total.recv"), ta.bytes_recv, total_after, 0);
    oracle_finish(o);
    /* ip -s -j link, between our two readings (its counters come from netlink). */
    char *out;
    CHECK(run("ip -s -j link | /usr/bin/python3 -c 'import json,sys; print(\"\\n\".join("
              "\"%s %d %d\" % (i[\"ifname\"], i[\"stats64\"][\"rx\"][\"bytes\"], "
              "i[\"stats64\"][\"tx\"][\"packets\"]) for i in json.load(sys.stdin)))'",
              &out) == 0);
    psutil_free(c);
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &c, &nc));
    size_t matched = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char nic[64];
        unsigned long long rx, txp;
        CHECK(sscanf(line, "%63s %llu %llu", nic, &rx, &txp) == 3);
        for (size_t i = 0; i < na; i++) {
            if (strcmp(a[i].name, nic) != 0)
                continue;
            CHECK_BETWEEN(rx, a[i].bytes_recv, c[i].bytes_recv, 0);
            CHECK_BETWEEN(txp, a[i].packets_sent, c[i].packets_sent, 0);
            matched++;
        }
    }
    CHECK(matched == na);
    free(out);
    psutil_free(a);
    psutil_free(c);
    size_t len;
    char *b = slurp(fixture("net/malformed-dev"), &len);
    CHECK_RC(psutil__parse_net_dev(b, len, NULL, NULL), PSUTIL_EPARSE);
    free(b);
}

TEST(interfaces_agree_with_ip_sysfs_and_psutil)
{
    psutil_net_addr_t *ad;
    psutil_net_stats_t *st;
    size_t na, ns;
    char *out;
    CHECK_OK(psutil_net_if_addrs(&ad, &na));
    CHECK_OK(psutil_net_if_stats(&st, &ns));
    /* Every inet/inet6 address ip -j lists is ours, and the other way round. */
    CHECK(run("ip -j addr | /usr/bin/python3 -c 'import json,sys; print(\"\\n\".join("
              "i[\"ifname\"] + \" \" + a[\"local\"] for i in json.load(sys.stdin) "
              "for a in i.get(\"addr_info\", [])))'",
              &out) == 0);
    size_t ipn = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char nic[64], addr[128];
        CHECK(sscanf(line, "%63s %127s", nic, addr) == 2);
        int found = 0;
        for (size_t i = 0; i < na; i++)
            found |= strcmp(ad[i].nic, nic) == 0 && strcmp(ad[i].address, addr) == 0;
        CHECK_MSG(found, "ip lists %s on %s, psutil does not", addr, nic);
        ipn++;
    }
    size_t ours = 0;
    for (size_t i = 0; i < na; i++)
        ours += ad[i].family != PSUTIL_AF_LINK;
    CHECK(ours == ipn);
    free(out);
    /* Every NIC has its link entry (NICs without an address too), and its MTU matches
     * sysfs. */
    for (size_t i = 0; i < ns; i++) {
        int link = 0;
        for (size_t k = 0; k < na; k++)
            link |= strcmp(ad[k].nic, st[i].name) == 0 && ad[k].family == PSUTIL_AF_LINK;
        CHECK_MSG(link, "%s has no link entry", st[i].name);
        char path[256];
        snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", st[i].name);
        char *mtu = slurp(path, NULL);
        CHECK(mtu && (uint32_t)atoi(mtu) == st[i].mtu);
        free(mtu);
    }
    oracle *o =
        oracle_start("for k, v in psutil.net_if_stats().items():\n"
                     "    print(k + '.up', int(v.isup)); print(k + '.mtu', v.mtu)\n"
                     "    print(k + '.speed', v.speed); print(k + '.duplex', int(v.duplex))\n"
                     "    print(k + '.flags', v.flags.encode().hex())\n"
                     "print('n', len(psutil.net_if_stats()))\n"
                     "print('naddr', sum(len(v) for v in psutil.net_if_addrs().values()))");
    CHECK(ns == (size_t)oracle_get(o, "n"));
    CHECK(na == (size_t)oracle_get(o, "naddr"));
    for (size_t i = 0; i < ns; i++) {
        char key[96];
        snprintf(key, sizeof(key), "%s.up", st[i].name);
        CHECK(st[i].isup == (int)oracle_get(o, key));
        snprintf(key, sizeof(key), "%s.mtu", st[i].name);
        CHECK(st[i].mtu == (uint32_t)oracle_get(o, key));
        snprintf(key, sizeof(key), "%s.speed", st[i].name);
        CHECK(st[i].speed == (uint32_t)oracle_get(o, key));
        snprintf(key, sizeof(key), "%s.duplex", st[i].name);
        CHECK(st[i].duplex == (int)oracle_get(o, key));
        snprintf(key, sizeof(key), "%s.flags", st[i].name);
        CHECK_MSG(strcmp(st[i].flags, oracle_str(o, key)) == 0, "%s flags %s", st[i].name,
                  st[i].flags);
    }
    oracle_finish(o);
    psutil_free(ad);
    psutil_free(st);
}

TEST(netstat_ifconfig_nettop)
{
    struct socks s;
    int st;
    make_socks(&s);
    char *out = tool("netstat -tanp", &st), want[96];
    CHECK(st == 0 && strncmp(out, "Proto Recv-Q Send-Q Local Address", 33) == 0);
    snprintf(want, sizeof(want), "127.0.0.1:%d", s.port4);
    CHECK_MSG(strstr(out, want) && strstr(out, "LISTEN") && strstr(out, "ESTABLISHED"), "%s", out);
    snprintf(want, sizeof(want), " %d/run", (int)getpid());
    CHECK_MSG(strstr(out, want), "no owner %s in\n%s", want, out);
    free(out);
    out = tool("netstat -tln", &st);
    CHECK(st == 0 && !strstr(out, "ESTABLISHED") && strstr(out, "LISTEN"));
    free(out);
    out = tool("netstat -x -a --json", &st);
    CHECK(st == 0);
    char expr[256];
    snprintf(expr, sizeof(expr),
             "1 if any(x['laddr'] == '%s' for x in d) and all(x['proto'].startswith('u_') for x in "
             "d) else 0",
             s.path);
    CHECK(json_eval(out, expr) == 1);
    free(out);
    out = tool("ifconfig --json", &st);
    CHECK(st == 0 && json_eval(out, "1 if 'lo' in [x['name'] for x in d] else 0") == 1);
    free(out);
    out = tool("nettop -b -n 1 -d 0.1 --json", &st);
    CHECK(st == 0 && json_eval(out, "1 if 'lo' in [x['name'] for x in d['nics']] else 0") == 1);
    free(out);
    static const char *const bad[] = {"netstat -z", "netstat extra", "ifconfig -x", "nettop -d 0",
                                      "nettop -n x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "%s 2>&1 >/dev/null", bad[i]);
        char *err = tool(cmd, &st);
        CHECK_MSG(st == 2 && strstr(err, "Usage: psutil"), "'%s'", bad[i]);
        free(err);
    }
    drop_socks(&s);
}

TEST(fallback_on_a_fixture_procfs_and_malformed_tables)
{
    char dir[] = "/tmp/psutil-netroot-XXXXXX", cmd[1024];
    psutil_connection_t *v = NULL;
    size_t n = 7;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/net && cp %s/* %s/net/", dir, fixture("net"), dir);
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    psutil__test_net_no_netlink(1);
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_INET, &v, &n));
    CHECK(n == 4 + 3 + 1 + 1); /* tcp, tcp6, udp, udp6 of the capture; no owners here */
    for (size_t i = 0; i < n; i++)
        CHECK(v[i].pid == -1 && v[i].fd == -1);
    psutil_free(v);
    snprintf(cmd, sizeof(cmd), "cp %s %s/net/tcp", fixture("net/malformed-tcp"), dir);
    CHECK(run(cmd, NULL) == 0);
    v = NULL;
    n = 7;
    CHECK_RC(psutil_net_connections(PSUTIL_CONN_KIND_TCP4, &v, &n), PSUTIL_EPARSE);
    CHECK(v == NULL && n == 7);
    psutil__test_net_no_netlink(0);
    psutil_net_io_t io;
    CHECK_OK(psutil_net_io_counters(NULL, &io)); /* the captured net/dev */
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

/* As an ordinary user no socket of another user has a visible owner, so the owner list
 * stays empty: the listing must still work (clang's UBSan in CI checks that nothing does
 * arithmetic on the empty list's NULL pointer; fallback_on_a_fixture_procfs... covers a
 * root without process directories). */
TEST(netstat_without_visible_owners_lists_sockets)
{
    char *out, cmd[1024];
    /* A listener of this test's own (root's), so there is one whatever the machine runs. */
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(l >= 0 && bind(l, (struct sockaddr *)&a4, sizeof(a4)) == 0 && listen(l, 1) == 0);
    snprintf(cmd, sizeof(cmd),
             "setpriv --reuid=65534 --regid=65534 --clear-groups %s/psutil netstat -a -p -n",
             build_dir());
    int st = run(cmd, &out);
    CHECK_MSG(st == 0, "netstat -a -p as nobody: exit %d", st);
    char want[64];
    snprintf(want, sizeof(want), "127.0.0.1:%d", port_of(l));
    const char *row = out ? strstr(out, want) : NULL;
    CHECK_MSG(row && strstr(row, "LISTEN") && strstr(row, "LISTEN") < strchr(row, '\n'),
              "no LISTEN row for %s:\n%s", want, out ? out : "");
    free(out);
    close(l);
}

/* Each of our sockets has the state ss shows for it (LISTEN, ESTAB or UNCONN), from
 * netlink and from the /proc/net fallback; netstat -x lists the connected unix sockets
 * and -xl the listening and unconnected ones, as ss -x and ss -xl do. */
TEST(socket_states_and_unix_listeners_as_ss_classifies_them)
{
    struct socks s;
    make_socks(&s);
    char *out;
    CHECK(run("ss -xauH", &out) == 0 && out);
    psutil_connection_t *v;
    size_t n, checked = 0;
    for (int fallback = 0; fallback < 2; fallback++) {
        psutil__test_net_no_netlink(fallback);
        CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_ALL, &v, &n));
        psutil__test_net_no_netlink(0);
        for (size_t i = 0; i < n; i++) {
            if (v[i].pid != getpid() || v[i].family != PSUTIL_AF_UNIX)
                continue;
            /* ss -x lines: Netid State Recv-Q Send-Q Local Port Peer Port; Port is the
             * inode for unix sockets. */
            char inode[32];
            snprintf(inode, sizeof(inode), " %llu ", (unsigned long long)v[i].inode);
            const char *line = strstr(out, inode);
            CHECK_MSG(line, "inode %llu not in ss -xa", (unsigned long long)v[i].inode);
            while (line > out && line[-1] != '\n')
                line--;
            char state[16];
            CHECK(sscanf(line, "%*s %15s", state) == 1);
            int want = strcmp(state, "LISTEN") == 0  ? PSUTIL_CONN_LISTEN
                       : strcmp(state, "ESTAB") == 0 ? PSUTIL_CONN_ESTABLISHED
                                                     : PSUTIL_CONN_CLOSE;
            CHECK_MSG(v[i].state == want, "inode %llu: ss says %s, ours %s (fallback %d)",
                      (unsigned long long)v[i].inode, state, psutil_conn_status_name(v[i].state),
                      fallback);
            checked++;
        }
        psutil_free(v);
    }
    CHECK(checked >= 2 * 5); /* listener, connected pair, datagram, abstract */
    free(out);
    int st;
    char *text = tool("netstat -xl -p", &st), want[96];
    snprintf(want, sizeof(want), "%s ", s.path);
    CHECK_MSG(st == 0 && strstr(text, want) && strstr(text, "LISTEN"), "%s", text);
    free(text);
    text = tool("netstat -x -p", &st);
    snprintf(want, sizeof(want), " %d/", (int)getpid());
    CHECK(st == 0 && strstr(text, "ESTABLISHED") && strstr(text, want));
    free(text);
    drop_socks(&s);
}

/* nstat -asz's value of name (the kernel's two names joined, "TcpInSegs"), or -1. */
static long long nstat_value(const char *text, const char *name)
{
    size_t k = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, name, k) == 0 && (p[k] == ' ' || p[k] == '\t'))
            return strtoll(p + k, NULL, 10);
    return -1;
}

/* Every counter nstat (iproute2, an independent reader of the same files) prints is in
 * our list under the same name with '_' between protocol and name, and nstat's two
 * readings bracket ours; ours adds only the figures nstat leaves out as not counters. */
TEST(snmp_counters_agree_with_nstat)
{
    char *before = NULL, *after = NULL;
    NEED(run("nstat -asz 2>/dev/null", &before) == 0 && before && strstr(before, "TcpInSegs"),
         "nstat (iproute2) cannot read the counters here");
    psutil_net_counter_t *c;
    size_t n;
    CHECK_OK(psutil_net_snmp(&c, &n));
    CHECK(run("nstat -asz", &after) == 0 && after);
    static const char *const not_counters[] = {"Ip_Forwarding", "Ip_DefaultTTL", "Tcp_RtoAlgorithm",
                                               "Tcp_RtoMin",    "Tcp_RtoMax",    "Tcp_MaxConn",
                                               "Tcp_CurrEstab"};
    size_t compared = 0, skipped = 0, theirs = 0;
    for (size_t i = 0; i < n; i++) {
        char joined[256];
        const char *us = strchr(c[i].name, '_');
        CHECK(us != NULL);
        snprintf(joined, sizeof(joined), "%.*s%s", (int)(us - c[i].name), c[i].name, us + 1);
        long long lo = nstat_value(before, joined), hi = nstat_value(after, joined);
        int counter = 1;
        for (size_t j = 0; j < sizeof(not_counters) / sizeof(not_counters[0]); j++)
            counter &= strcmp(c[i].name, not_counters[j]) != 0;
        if (!counter) {
            CHECK_MSG(lo == -1, "nstat has %s", joined);
            skipped++;
            continue;
        }
        CHECK_MSG(lo >= 0 && lo <= c[i].value && c[i].value <= hi,
                  "%s: nstat %lld, %lld, ours %lld", c[i].name, lo, hi, (long long)c[i].value);
        compared++;
    }
    for (const char *p = strchr(before, '\n'); p && p[1]; p = strchr(p + 1, '\n'))
        theirs++;
    CHECK_EQ_U64(compared, theirs);
    CHECK_EQ_U64(skipped, 7);
    CHECK(compared > 100);
    psutil_free(c);
    free(before);
    free(after);
}

/* The value of "PROTO: ... key N" in a sockstat file's text, or -1. */
static long long sockstat_value(const char *text, const char *proto, const char *key)
{
    char want[64];
    snprintf(want, sizeof(want), "\n%s: ", proto);
    char *copy = malloc(strlen(text) + 2);
    CHECK(copy != NULL);
    copy[0] = '\n';
    strcpy(copy + 1, text);
    long long v = -1;
    char *line = strstr(copy, want);
    if (line) {
        char *end = strchr(line + 1, '\n'), *save = NULL;
        if (end)
            *end = '\0';
        strtok_r(line + strlen(want), " ", &save);
        for (char *k = line + strlen(want); k; k = strtok_r(NULL, " ", &save)) {
            char *val = strtok_r(NULL, " ", &save);
            if (val && strcmp(k, key) == 0) {
                v = strtoll(val, NULL, 10);
                break;
            }
        }
    }
    free(copy);
    return v;
}

/* Each figure of /proc/net/sockstat and sockstat6, read directly before and after. */
TEST(sockstat_lists_the_kernel_files_figures)
{
    char *b4 = slurp("/proc/net/sockstat", NULL), *b6 = slurp("/proc/net/sockstat6", NULL);
    psutil_net_counter_t *c;
    size_t n;
    CHECK_OK(psutil_net_sockstat(&c, &n));
    char *a4 = slurp("/proc/net/sockstat", NULL), *a6 = slurp("/proc/net/sockstat6", NULL);
    CHECK(b4 && a4);
    /* "PROTO: key N key N": one figure per two words after each line's first. */
    size_t words = 0, lines = 0;
    for (const char *t = b4; t; t = t == b4 ? b6 : NULL)
        for (const char *p = t; *p; p++) {
            words += *p != ' ' && *p != '\n' && (p == t || p[-1] == ' ' || p[-1] == '\n');
            lines += *p == '\n';
        }
    CHECK_EQ_U64(n, (words - lines) / 2);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        char proto[32];
        const char *us = strrchr(c[i].name, '_');
        CHECK(us && (size_t)(us - c[i].name) < sizeof(proto));
        snprintf(proto, sizeof(proto), "%.*s", (int)(us - c[i].name), c[i].name);
        const char *b = strchr(proto, '6') ? b6 : b4, *a = strchr(proto, '6') ? a6 : a4;
        long long x = sockstat_value(b, proto, us + 1), y = sockstat_value(a, proto, us + 1);
        CHECK_MSG(x >= 0 && y >= 0, "%s is not in the files", c[i].name);
        long long lo = x < y ? x : y, hi = x < y ? y : x;
        CHECK_MSG(c[i].value >= lo - 4 && c[i].value <= hi + 4, "%s: %lld, the file %lld, %lld",
                  c[i].name, (long long)c[i].value, x, y);
        found++;
    }
    CHECK_EQ_U64(found, n);
    CHECK(n >= 10 && strcmp(c[0].name, "sockets_used") == 0 && strcmp(c[1].name, "TCP_inuse") == 0);
    psutil_free(c);
    free(b4);
    free(b6);
    free(a4);
    free(a6);
}

/* Odd but legal files: a header without its values, a value line shorter than its
 * header, a value that is not a number (left out, the rest in step), one past 64 bits
 * (saturates), a signed one, snmp6 lines without a '6' or a number, a sockstat pair
 * that is not a number (ends its line); no sockstat6 (no IPv6): nothing added. */
TEST(snmp_and_sockstat_from_odd_files)
{
    static const struct {
        const char *name;
        int64_t value;
    } snmp[] = {{"Ip_Forwarding", 2},          {"Ip_DefaultTTL", 64},
                {"Ip_InReceives", 31560},      {"Ip_InHdrErrors", 7},
                {"Tcp_RtoAlgorithm", 1},       {"Tcp_RtoMin", 200},
                {"Tcp_MaxConn", -1},           {"Tcp_ActiveOpens", 41},
                {"Tcp_InSegs", INT64_MAX},     {"Udp_InDatagrams", 5123},
                {"Udp_NoPorts", 13},           {"Udp_InErrors", 3},
                {"TcpExt_SyncookiesSent", 11}, {"TcpExt_ListenOverflows", 19},
                {"TcpExt_ListenDrops", 23},    {"IpExt_InOctets", 4097000},
                {"IpExt_OutOctets", 3071000},  {"Ip6_InReceives", 17},
                {"Ip6_InOctets", 1234567},     {"Icmp6_InMsgs", 77}},
      sock[] = {{"sockets_used", 211}, {"TCP_inuse", 17},    {"TCP_orphan", 2}, {"TCP_tw", 9},
                {"TCP_alloc", 23},     {"TCP_mem", 31},      {"UDP_inuse", 5},  {"UDP_mem", 4},
                {"FRAG_inuse", 1},     {"FRAG_memory", 2048}};
    use_roots("wild/netstat-odd", NULL, NULL);
    psutil_net_counter_t *c;
    size_t n;
    CHECK_OK(psutil_net_snmp(&c, &n));
    CHECK_EQ_U64(n, sizeof(snmp) / sizeof(snmp[0]));
    for (size_t i = 0; i < n && i < sizeof(snmp) / sizeof(snmp[0]); i++)
        CHECK_MSG(strcmp(c[i].name, snmp[i].name) == 0 && c[i].value == snmp[i].value,
                  "%zu: %s %lld", i, c[i].name, (long long)c[i].value);
    psutil_free(c);
    CHECK_OK(psutil_net_sockstat(&c, &n));
    CHECK_EQ_U64(n, sizeof(sock) / sizeof(sock[0]));
    for (size_t i = 0; i < n && i < sizeof(sock) / sizeof(sock[0]); i++)
        CHECK_MSG(strcmp(c[i].name, sock[i].name) == 0 && c[i].value == sock[i].value,
                  "%zu: %s %lld", i, c[i].name, (long long)c[i].value);
    psutil_free(c);
    /* No /proc/net/snmp at all: an OS error, nothing written. */
    use_roots("wild/vmstat-odd", NULL, NULL);
    c = (void *)1;
    n = 99;
    CHECK_RC(psutil_net_snmp(&c, &n), PSUTIL_EOS);
    CHECK(c == (void *)1 && n == 99);
    CHECK_RC(psutil_net_sockstat(&c, &n), PSUTIL_EOS);
}

/* softnet_stat from kernels of four ages (10, 11, 13 and 15 columns; the CPU's number
 * from column 13 where there is one: CPUs 4 to 6 offline), a line that is not hex and
 * one too short left out; arp with an incomplete entry, a proxy entry with a mask on a
 * device with a dot, a line with bad flags and one without a device left out. */
TEST(softnet_and_arp_from_odd_files)
{
    use_roots("wild/softnet-arp-odd", NULL, NULL);
    psutil_softnet_t *s;
    size_t n;
    CHECK_OK(psutil_net_softnet(&s, &n));
    CHECK_EQ_U64(n, 4);
    static const psutil_softnet_t want[] = {{0, 1000, 1, 2, 3, 0, 0},
                                            {1, 2000, 4, 5, 6, 7, 0},
                                            {3, 3000, 8, 9, 10, 11, 12},
                                            {7, 5000, 14, 15, 16, 17, 18}};
    for (size_t i = 0; i < n && i < 4; i++)
        CHECK_MSG(
            s[i].cpu == want[i].cpu && s[i].processed == want[i].processed &&
                s[i].dropped == want[i].dropped && s[i].time_squeezed == want[i].time_squeezed &&
                s[i].received_rps == want[i].received_rps &&
                s[i].flow_limit_count == want[i].flow_limit_count &&
                s[i].backlog_len == want[i].backlog_len,
            "line %zu: cpu %d processed %llu", i, s[i].cpu, (unsigned long long)s[i].processed);
    psutil_free(s);
    psutil_net_arp_t *a;
    CHECK_OK(psutil_net_arp(&a, &n));
    CHECK_EQ_U64(n, 4);
    static const struct {
        const char *ip, *hw, *mask, *dev;
        int type, flags;
    } arp[] = {{"192.0.2.1", "02:fc:00:00:00:05", "*", "eth0", 1, 2},
               {"192.0.2.7", "00:00:00:00:00:00", "*", "eth0", 1, 0},
               {"198.51.100.9", "02:fc:00:00:00:09", "*", "eth1", 1, 6},
               {"10.1.2.3", "00:00:00:00:00:00", "255.255.255.0", "team0.100", 0x304, 0xc}};
    for (size_t i = 0; i < n && i < 4; i++)
        CHECK_MSG(strcmp(a[i].ip, arp[i].ip) == 0 && strcmp(a[i].hw_address, arp[i].hw) == 0 &&
                      strcmp(a[i].mask, arp[i].mask) == 0 && strcmp(a[i].device, arp[i].dev) == 0 &&
                      a[i].hw_type == arp[i].type && a[i].flags == arp[i].flags,
                  "%zu: %s %s %s %s %d %d", i, a[i].ip, a[i].hw_address, a[i].mask, a[i].device,
                  a[i].hw_type, a[i].flags);
    psutil_free(a);
}

/* Live: one entry per online CPU, processed between two direct reads of the file; each
 * complete ARP entry is a neighbour iproute2 (netlink) shows with the same address. */
TEST(softnet_and_arp_agree_with_the_kernel_and_ip_neigh)
{
    char *before = slurp("/proc/net/softnet_stat", NULL);
    psutil_softnet_t *s;
    size_t n;
    CHECK_OK(psutil_net_softnet(&s, &n));
    char *after = slurp("/proc/net/softnet_stat", NULL);
    CHECK(before && after);
    const char *b = before, *e = after;
    for (size_t i = 0; i < n; i++) {
        unsigned long long x = strtoull(b, NULL, 16), y = strtoull(e, NULL, 16);
        CHECK_BETWEEN(s[i].processed, x, y, 0);
        b = strchr(b, '\n') + 1;
        e = strchr(e, '\n') + 1;
    }
    CHECK(*b == '\0');
    CHECK_EQ_U64(n, (uint64_t)sysconf(_SC_NPROCESSORS_ONLN));
    psutil_free(s);
    free(before);
    free(after);
    psutil_net_arp_t *a;
    CHECK_OK(psutil_net_arp(&a, &n));
    char *neigh = NULL;
    CHECK(run("ip -4 neigh show", &neigh) == 0 && neigh);
    for (size_t i = 0; i < n; i++) {
        if (!(a[i].flags & 2))
            continue;
        char want[256];
        snprintf(want, sizeof(want), "%s dev %s lladdr %s", a[i].ip, a[i].device, a[i].hw_address);
        CHECK_MSG(strstr(neigh, want) != NULL, "'%s' not in ip neigh:\n%s", want, neigh);
    }
    psutil_free(a);
    free(neigh);
}
