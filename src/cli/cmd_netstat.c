/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_netstat.c - `psutil netstat`: sockets like `ss -tanp` / `netstat -antp`: Proto,
 * Recv-Q, Send-Q, Local Address, Foreign Address, State, PID/Program. -t TCP, -u UDP,
 * -x unix (none of them: all three); -l listening only, -a listening and the rest
 * (default: all but listening); -n is accepted (addresses are always numeric); -p adds
 * the owner; --json prints one array.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define NETSTAT_USAGE "psutil netstat [-t] [-u] [-x] [-l|-a] [-n] [-p] [-i] [--json]"

struct pname {
    psutil_pid_t pid;
    char *name;
};

/* The program name of pid, looked up once per pid. */
static const char *program(struct pname **cache, size_t *n, psutil_pid_t pid)
{
    for (size_t i = 0; i < *n; i++)
        if ((*cache)[i].pid == pid)
            return (*cache)[i].name ? (*cache)[i].name : "-";
    psutil_proc_t *p;
    char *name = NULL;
    if (psutil_proc_open(pid, &p) == 0) {
        if (psutil_proc_name(p, &name) != 0)
            name = NULL;
        psutil_proc_close(p);
    }
    *cache = cli_realloc(*cache, *n + 1, sizeof(**cache));
    (*cache)[*n].pid = pid;
    (*cache)[*n].name = name;
    (*n)++;
    return name ? name : "-";
}

static void endpoint(char *buf, size_t size, const psutil_connection_t *c, int local)
{
    const char *ip = local ? c->laddr : c->raddr;
    int port = local ? c->lport : c->rport;
    if (c->family == PSUTIL_AF_UNIX)
        snprintf(buf, size, "%s", ip[0] ? ip : "*");
    else if (!ip[0])
        snprintf(buf, size, "%s", c->family == PSUTIL_AF_INET6 ? "[::]:*" : "0.0.0.0:*");
    else if (c->family == PSUTIL_AF_INET6)
        snprintf(buf, size, "[%s]:%d", ip, port);
    else
        snprintf(buf, size, "%s:%d", ip, port);
}

static const char *proto(const psutil_connection_t *c)
{
    if (c->family == PSUTIL_AF_UNIX)
        return c->type == PSUTIL_SOCK_DGRAM       ? "u_dgr"
               : c->type == PSUTIL_SOCK_SEQPACKET ? "u_seq"
                                                  : "u_str";
    if (c->type == PSUTIL_SOCK_STREAM)
        return c->family == PSUTIL_AF_INET6 ? "tcp6" : "tcp";
    return c->family == PSUTIL_AF_INET6 ? "udp6" : "udp";
}

/* The State column: TCP's state names, and for UDP and unix sockets what ss shows: LISTEN,
 * ESTABLISHED (connected) or UNCONN. */
static const char *state_text(const psutil_connection_t *s)
{
    int tcp = s->type == PSUTIL_SOCK_STREAM && s->family != PSUTIL_AF_UNIX;
    if (!tcp && s->state == PSUTIL_CONN_CLOSE)
        return "UNCONN";
    return s->state ? psutil_conn_status_name(s->state) : "";
}

/* net-tools' Flg letters, in its order, from psutil's flag names. */
static void flag_letters(const char *flags, char *out, size_t size)
{
    static const struct {
        const char *name;
        char letter;
    } letters[] = {{"allmulti", 'A'},  {"broadcast", 'B'},   {"debug", 'D'},   {"loopback", 'L'},
                   {"multicast", 'M'}, {"dynamic", 'd'},     {"promisc", 'P'}, {"notrailers", 'N'},
                   {"noarp", 'O'},     {"pointopoint", 'P'}, {"slave", 's'},   {"master", 'm'},
                   {"running", 'R'},   {"up", 'U'}};
    size_t k = 0;
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]) && k + 1 < size; i++) {
        size_t l = strlen(letters[i].name);
        for (const char *p = flags; *p; p += strcspn(p, ","), p += *p == ',')
            if (strncmp(p, letters[i].name, l) == 0 && (p[l] == ',' || p[l] == '\0')) {
                out[k++] = letters[i].letter;
                break;
            }
    }
    out[k] = '\0';
}

/* Names in net-tools' order: digit runs compared as numbers (eth2 before eth10). */
static int natural_cmp(const void *a, const void *b)
{
    const char *x = ((const psutil_net_stats_t *)a)->name,
               *y = ((const psutil_net_stats_t *)b)->name;
    while (*x && *y) {
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            char *ex, *ey;
            unsigned long long nx = strtoull(x, &ex, 10), ny = strtoull(y, &ey, 10);
            if (nx != ny)
                return nx < ny ? -1 : 1;
            x = ex;
            y = ey;
        } else if (*x != *y) {
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        } else {
            x++;
            y++;
        }
    }
    return (unsigned char)*x - (unsigned char)*y;
}

/* netstat -i: net-tools' kernel interface table, the interfaces that are up (every one
 * with -a), by name. */
static int interface_table(int all)
{
    psutil_net_stats_t *st;
    psutil_net_io_t *io;
    size_t ns, ni;
    int rc = psutil_net_if_stats(&st, &ns);
    if (rc != 0)
        return cli_fail("interface stats", rc);
    if ((rc = psutil_net_io_counters_pernic(NULL, &io, &ni)) != 0) {
        psutil_free(st);
        return cli_fail("interface counters", rc);
    }
    qsort(st, ns, sizeof(*st), natural_cmp);
    printf("Kernel Interface table\n");
    printf("%-15s %5s %8s %6s %6s %-6s %8s %6s %6s %6s %s\n", "Iface", "MTU", "RX-OK", "RX-ERR",
           "RX-DRP", "RX-OVR", "TX-OK", "TX-ERR", "TX-DRP", "TX-OVR", "Flg");
    for (size_t i = 0; i < ns; i++) {
        if (!st[i].isup && !all)
            continue;
        static const psutil_net_io_t none;
        const psutil_net_io_t *c = cli_nic_counters(io, ni, st[i].name);
        if (!c)
            c = &none;
        char flg[32];
        flag_letters(st[i].flags, flg, sizeof(flg));
        printf("%-15s %5u %8llu %6llu %6llu %-6llu %8llu %6llu %6llu %6llu %s\n",
               cli_safe(st[i].name), st[i].mtu, (unsigned long long)c->packets_recv,
               (unsigned long long)c->errin, (unsigned long long)c->dropin,
               (unsigned long long)c->fifoin, (unsigned long long)c->packets_sent,
               (unsigned long long)c->errout, (unsigned long long)c->dropout,
               (unsigned long long)c->fifoout, flg);
    }
    psutil_free(st);
    psutil_free(io);
    return CLI_OK;
}

int cmd_netstat(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP };
    static const struct option longs[] = {
        {"tcp", no_argument, NULL, 't'},
        {"udp", no_argument, NULL, 'u'},
        {"unix", no_argument, NULL, 'x'},
        {"listening", no_argument, NULL, 'l'},
        {"all", no_argument, NULL, 'a'},
        {"numeric", no_argument, NULL, 'n'},
        {"processes", no_argument, NULL, 'p'},
        {"json", no_argument, NULL, OPT_JSON},
        {"interfaces", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    int tcp = 0, udp = 0, unx = 0, listening = 0, all = 0, procs = 0, json = 0, ifaces = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "tuxlanpi", longs, NULL)) != -1) {
        switch (c) {
        case 'i':
            ifaces = 1;
            break;
        case 't':
            tcp = 1;
            break;
        case 'u':
            udp = 1;
            break;
        case 'x':
            unx = 1;
            break;
        case 'l':
            listening = 1;
            break;
        case 'a':
            all = 1;
            break;
        case 'n':
            break;
        case 'p':
            procs = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            printf("Usage: " NETSTAT_USAGE "\n\nSockets and their owners, like ss -tanp; -i: "
                   "net-tools' interface table (-a: down ones too).\n");
            return CLI_OK;
        default:
            return cli_usage_error("netstat", NETSTAT_USAGE, "unknown option '%s'",
                                   cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("netstat", NETSTAT_USAGE, "unexpected argument '%s'", argv[optind]);
    if (ifaces) {
        if (json)
            return cli_usage_error("netstat", NETSTAT_USAGE,
                                   "-i has no --json (ifconfig --json has the same figures)");
        return interface_table(all);
    }
    if (!tcp && !udp && !unx)
        tcp = udp = unx = 1;
    int kind = tcp && udp && unx ? PSUTIL_CONN_KIND_ALL
               : tcp && udp      ? PSUTIL_CONN_KIND_INET
               : tcp && !unx     ? PSUTIL_CONN_KIND_TCP
               : udp && !unx     ? PSUTIL_CONN_KIND_UDP
               : !tcp && !udp    ? PSUTIL_CONN_KIND_UNIX
                                 : PSUTIL_CONN_KIND_ALL;
    psutil_connection_t *v;
    size_t n;
    int rc = psutil_net_connections(kind, &v, &n);
    if (rc != 0)
        return cli_fail("connections", rc);
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
    struct pname *cache = NULL;
    size_t ncache = 0;
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    } else {
        printf("%-5s %6s %6s %-42s %-42s %-11s%s\n", "Proto", "Recv-Q", "Send-Q", "Local Address",
               "Foreign Address", "State", procs ? " PID/Program name" : "");
    }
    for (size_t i = 0; i < n; i++) {
        const psutil_connection_t *s = &v[i];
        int is_tcp = s->type == PSUTIL_SOCK_STREAM && s->family != PSUTIL_AF_UNIX;
        if ((s->family == PSUTIL_AF_UNIX && !unx) || (is_tcp && !tcp) ||
            (s->family != PSUTIL_AF_UNIX && !is_tcp && !udp))
            continue;
        /* Listening as ss -l counts it: a socket in LISTEN (TCP and unix stream listeners)
         * or an unconnected one (UDP and unix datagram, ss's UNCONN). */
        int listens = s->state == PSUTIL_CONN_LISTEN || (!is_tcp && s->state == PSUTIL_CONN_CLOSE);
        if (listening ? !listens : (!all && listens))
            continue;
        char local[128], remote[128];
        endpoint(local, sizeof(local), s, 1);
        endpoint(remote, sizeof(remote), s, 0);
        if (json) {
            json_object_begin(&j, NULL);
            /* psutil's net_connections() fields: laddr and raddr as {ip, port} (null where
             * psutil gives an empty tuple), a path for unix sockets ("" when unnamed), family
             * and type by their names; pid null when unknown, fd -1. */
            json_i64(&j, "fd", s->fd);
            json_string(&j, "family",
                        s->family == PSUTIL_AF_UNIX    ? "AF_UNIX"
                        : s->family == PSUTIL_AF_INET6 ? "AF_INET6"
                                                       : "AF_INET");
            json_string(&j, "type",
                        s->type == PSUTIL_SOCK_STREAM  ? "SOCK_STREAM"
                        : s->type == PSUTIL_SOCK_DGRAM ? "SOCK_DGRAM"
                                                       : "SOCK_SEQPACKET");
            for (int side = 0; side < 2; side++) {
                const char *key = side ? "raddr" : "laddr", *ip = side ? s->raddr : s->laddr;
                int port = side ? s->rport : s->lport;
                if (s->family == PSUTIL_AF_UNIX) {
                    json_string(&j, key, ip); /* a path, "" when unnamed, as psutil */
                } else if (side && !ip[0]) {
                    json_null(&j, key);
                } else {
                    json_object_begin(&j, key);
                    json_string(&j, "ip", ip);
                    json_i64(&j, "port", port);
                    json_object_end(&j);
                }
            }
            json_string(&j, "status", psutil_conn_status_name(s->status));
            json_string(&j, "state", state_text(s)); /* ss's view, unix and UDP included */
            if (s->pid >= 0)
                json_i64(&j, "pid", s->pid);
            else
                json_null(&j, "pid");
            json_string(&j, "proto", proto(s));
            json_u64(&j, "recv_q", s->recv_q);
            json_u64(&j, "send_q", s->send_q);
            json_u64(&j, "inode", s->inode);
            json_object_end(&j);
            continue;
        }
        printf("%-5s %6u %6u %-42s %-42s %-11s", proto(s), s->recv_q, s->send_q, cli_safe(local),
               cli_safe(remote), state_text(s));
        if (procs) {
            if (s->pid >= 0)
                printf(" %lld/%s", (long long)s->pid, cli_safe(program(&cache, &ncache, s->pid)));
            else
                printf(" -");
        }
        putchar('\n');
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    }
    cli_output_failed();
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < ncache; i++)
        psutil_free(cache[i].name);
    free(cache);
    psutil_free(v);
    return CLI_OK;
}
