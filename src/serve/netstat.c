/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netstat.c - node_exporter's network collectors: netdev and netclass
 * (node_network_{receive,transmit}_*_total{device}: psutil_net_io_counters_pernic, every
 * device but lo, or --collector.netdev.device-include/-exclude; node_network_info, _up
 * and every numeric attribute of <sysfs root>/class/net/DEV as node_exporter names it;
 * psutil_network_up: psutil_net_if_stats), and from the
 * library's psutil_net_snmp and psutil_net_sockstat:
 *   node_netstat_<Proto>_<Name>     /proc/net/{snmp,netstat,snmp6}: the counters
 *                                   node_exporter 1.5 exports by default
 *                                   (--collector.netstat.fields), untyped
 *   node_sockstat_<PROTO>_<key>     /proc/net/sockstat{,6}: every figure, gauges, and
 *   node_sockstat_<PROTO>_mem_bytes for each "mem" (pages) the same in bytes
 *   node_sockstat_sockets_used      sockets of every protocol in use
 *   node_softnet_{processed,dropped,times_squeezed}_total{cpu}
 *                                   /proc/net/softnet_stat (psutil_net_softnet)
 *   node_arp_entries{device}        /proc/net/arp entries by device (psutil_net_arp)
 *   node_udp_queues{queue,ip}       the tx_queue and rx_queue columns of /proc/net/udp and
 *                                   udp6 summed (bytes the kernel holds for UDP sockets)
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "serve.h"

/* Characters a metric name's tail may hold. */
static int metric_tail(const char *s)
{
    return s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                       strlen(s);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* node_exporter 1.5's default --collector.netstat.fields:
 * ^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)
 *  |TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|
 *  OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|
 *  NoPorts|RcvbufErrors|SndbufErrors))$ */
static int netstat_exported(const char *name)
{
    static const char *const exact[] = {
        "Ip_Forwarding",     "Ip6_InOctets",         "Ip6_OutOctets",      "IpExt_InOctets",
        "IpExt_OutOctets",   "Icmp_InMsgs",          "Icmp_OutMsgs",       "Icmp6_InMsgs",
        "Icmp6_OutMsgs",     "TcpExt_TCPSynRetrans", "TcpExt_TCPTimeouts", "Tcp_ActiveOpens",
        "Tcp_InSegs",        "Tcp_OutSegs",          "Tcp_OutRsts",        "Tcp_PassiveOpens",
        "Tcp_RetransSegs",   "Tcp_CurrEstab",        "Udp_InDatagrams",    "Udp_OutDatagrams",
        "Udp_NoPorts",       "Udp_RcvbufErrors",     "Udp_SndbufErrors",   "Udp6_InDatagrams",
        "Udp6_OutDatagrams", "Udp6_NoPorts",         "Udp6_RcvbufErrors",  "Udp6_SndbufErrors",
    };
    int m = serve_option_match("netstat.fields", name);
    if (!metric_tail(name))
        return 0;
    if (m >= 0)
        return m;
    if (ends_with(name, "_InErrors") || ends_with(name, "_InErrs") ||
        strncmp(name, "TcpExt_Listen", 13) == 0 || strncmp(name, "TcpExt_Syncookies", 17) == 0)
        return 1;
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    return 0;
}

/* 1 when an earlier counter of the list has the same name (the kernel never repeats
 * one; a repeat keeps its first value, so a family is written once). */
static int seen_before(const psutil_net_counter_t *c, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(c[j].name, c[i].name) == 0)
            return 1;
    return 0;
}

int collect_netstat(struct text *t, int procs)
{
    (void)procs;
    psutil_net_counter_t *c;
    size_t n;
    int rc = psutil_net_snmp(&c, &n);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!netstat_exported(c[i].name) || seen_before(c, i))
            continue;
        char name[160], help[160], stat[128];
        const char *us = strchr(c[i].name, '_');
        /* HELP names the kernel's statistic, as node_exporter: "Statistic TcpActiveOpens." */
        snprintf(stat, sizeof(stat), "%.*s%s", (int)(us - c[i].name), c[i].name, us + 1);
        snprintf(name, sizeof(name), "node_netstat_%s", c[i].name);
        snprintf(help, sizeof(help), "Statistic %s.", stat);
        family(t, name, "untyped", help);
        sample(t, name, (double)c[i].value, NULL);
    }
    psutil_free(c);
    return 0;
}

int collect_sockstat(struct text *t, int procs)
{
    (void)procs;
    psutil_net_counter_t *c;
    size_t n;
    int rc = psutil_net_sockstat(&c, &n);
    if (rc != 0)
        return rc;
    long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < n; i++) {
        if (!metric_tail(c[i].name) || seen_before(c, i))
            continue;
        char name[160], help[192];
        const char *us = strrchr(c[i].name, '_');
        int proto = (int)(us - c[i].name);
        snprintf(name, sizeof(name), "node_sockstat_%s", c[i].name);
        if (strcmp(c[i].name, "sockets_used") == 0)
            snprintf(help, sizeof(help), "Number of IPv4 sockets in use.");
        else
            snprintf(help, sizeof(help), "Number of %.*s sockets in state %s.", proto, c[i].name,
                     us + 1);
        family(t, name, "gauge", help);
        sample(t, name, (double)c[i].value, NULL);
        if (strcmp(us, "_mem") == 0) {
            snprintf(name, sizeof(name), "node_sockstat_%s_bytes", c[i].name);
            snprintf(help, sizeof(help), "Number of %.*s sockets in state mem_bytes.", proto,
                     c[i].name);
            family(t, name, "gauge", help);
            sample(t, name, (double)c[i].value * (double)page, NULL);
        }
    }
    psutil_free(c);
    return 0;
}

int collect_softnet(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        const char *name, *help;
    } fams[] = {
        {"node_softnet_processed_total", "Number of processed packets"},
        {"node_softnet_dropped_total", "Number of dropped packets"},
        {"node_softnet_times_squeezed_total",
         "Number of times processing packets ran out of quota"},
    };
    psutil_softnet_t *s;
    size_t n;
    int rc = psutil_net_softnet(&s, &n);
    if (rc != 0)
        return rc;
    for (size_t f = 0; f < sizeof(fams) / sizeof(fams[0]); f++) {
        family(t, fams[f].name, "counter", fams[f].help);
        for (size_t i = 0; i < n; i++) {
            char cpu[16];
            snprintf(cpu, sizeof(cpu), "%d", s[i].cpu);
            uint64_t v = f == 0 ? s[i].processed : f == 1 ? s[i].dropped : s[i].time_squeezed;
            sample_u64(t, fams[f].name, v, "cpu", cpu, NULL);
        }
    }
    psutil_free(s);
    return 0;
}

/* The tx_queue:rx_queue column (the fifth) of /proc/net/udp{,6} summed over its socket
 * lines: 0, or -1 when the file cannot be read (*missing when it does not exist), or -2
 * when a line has no such column. */
static int udp_queues(const char *file, double *tx, double *rx, int *missing)
{
    char root[512], path[700];
    if (psutil_get_root(PSUTIL_ROOT_PROC, root, sizeof(root)) != 0)
        snprintf(root, sizeof(root), "/proc");
    snprintf(path, sizeof(path), "%s/net/%s", root, file);
    FILE *f = fopen(path, "r");
    *missing = !f && errno == ENOENT;
    if (!f)
        return -1;
    char line[1024];
    int rc = 0, first = 1;
    *tx = *rx = 0;
    while (fgets(line, sizeof(line), f)) {
        if (first) { /* the header */
            first = 0;
            continue;
        }
        char *save = NULL, *w = strtok_r(line, " \t\n", &save);
        for (int k = 1; w && k < 5; k++)
            w = strtok_r(NULL, " \t\n", &save);
        char *colon = w ? strchr(w, ':') : NULL, *end;
        if (!colon) {
            rc = -2;
            break;
        }
        *colon = '\0';
        unsigned long long t = strtoull(w, &end, 16), r;
        if (*end || !*w || (r = strtoull(colon + 1, &end, 16), *end) || !colon[1]) {
            rc = -2;
            break;
        }
        *tx += (double)t;
        *rx += (double)r;
    }
    fclose(f);
    return rc;
}

/* node_exporter's udp_queues collector. */
int collect_udp_queues(struct text *t, int procs)
{
    (void)procs;
    static const char *const file[2] = {"udp", "udp6"}, *const ip[2] = {"v4", "v6"};
    double tx[2], rx[2];
    int ok[2], missing[2];
    for (int k = 0; k < 2; k++) {
        int rc = udp_queues(file[k], &tx[k], &rx[k], &missing[k]);
        if (rc == -2) {
            fprintf(stderr, "psutil serve: net/%s: a line without tx_queue:rx_queue\n", file[k]);
            return PSUTIL_EPARSE;
        }
        if (rc == -1 && !missing[k])
            return PSUTIL_EOS;
        ok[k] = rc == 0;
    }
    if (ok[0] || ok[1])
        family(t, "node_udp_queues", "gauge",
               "Number of allocated memory in the kernel for UDP datagrams in bytes.");
    for (int k = 0; k < 2; k++)
        if (ok[k]) {
            sample(t, "node_udp_queues", tx[k], "queue", "tx", "ip", ip[k], NULL);
            sample(t, "node_udp_queues", rx[k], "queue", "rx", "ip", ip[k], NULL);
        }
    return 0;
}

/* The arp collector's devices: --collector.arp.device-include (only those) or -exclude
 * when given, else every one. */
static int arp_excluded(const char *name)
{
    int inc = serve_option_match("arp.device-include", name),
        exc = serve_option_match("arp.device-exclude", name);
    return inc >= 0 ? !inc : exc == 1;
}

/* node_arp_entries{device}: the neighbour table's entries counted by device, in the
 * order each device first appears. */
int collect_arp(struct text *t, int procs)
{
    (void)procs;
    psutil_net_arp_t *a;
    size_t n;
    int rc = psutil_net_arp(&a, &n);
    if (rc != 0)
        return rc;
    family(t, "node_arp_entries", "gauge", "ARP entries by device");
    for (size_t i = 0; i < n; i++) {
        if (arp_excluded(a[i].device))
            continue;
        size_t count = 0, j = 0;
        while (j < i && strcmp(a[j].device, a[i].device) != 0)
            j++;
        if (j < i)
            continue; /* counted at its first entry */
        for (j = i; j < n; j++)
            count += strcmp(a[j].device, a[i].device) == 0;
        sample_u64(t, "node_arp_entries", count, "device", a[i].device, NULL);
    }
    psutil_free(a);
    return 0;
}

/* The netdev collector's devices: --collector.netdev.device-include (only those) or
 * -exclude when given, else every one but lo. */
static int netdev_excluded(const char *name)
{
    int inc = serve_option_match("netdev.device-include", name),
        exc = serve_option_match("netdev.device-exclude", name);
    if (inc >= 0)
        return !inc;
    if (exc >= 0)
        return exc;
    return strcmp(name, "lo") == 0;
}

int collect_netdev(struct text *t, int procs)
{
    (void)procs;
    psutil_net_io_t *nic;
    size_t n;
    int rc = psutil_net_io_counters_pernic(NULL, &nic, &n);
    if (rc != 0)
        return rc;
    static const struct {
        const char *name, *help;
        size_t off;
    } fields[] = {
        {"node_network_receive_bytes_total", "Network device statistic receive_bytes.",
         offsetof(psutil_net_io_t, bytes_recv)},
        {"node_network_receive_packets_total", "Network device statistic receive_packets.",
         offsetof(psutil_net_io_t, packets_recv)},
        {"node_network_receive_errs_total", "Network device statistic receive_errs.",
         offsetof(psutil_net_io_t, errin)},
        {"node_network_receive_drop_total", "Network device statistic receive_drop.",
         offsetof(psutil_net_io_t, dropin)},
        {"node_network_transmit_bytes_total", "Network device statistic transmit_bytes.",
         offsetof(psutil_net_io_t, bytes_sent)},
        {"node_network_transmit_packets_total", "Network device statistic transmit_packets.",
         offsetof(psutil_net_io_t, packets_sent)},
        {"node_network_transmit_errs_total", "Network device statistic transmit_errs.",
         offsetof(psutil_net_io_t, errout)},
        {"node_network_transmit_drop_total", "Network device statistic transmit_drop.",
         offsetof(psutil_net_io_t, dropout)},
        {"node_network_receive_fifo_total", "Network device statistic receive_fifo.",
         offsetof(psutil_net_io_t, fifoin)},
        {"node_network_receive_frame_total", "Network device statistic receive_frame.",
         offsetof(psutil_net_io_t, framein)},
        {"node_network_receive_compressed_total", "Network device statistic receive_compressed.",
         offsetof(psutil_net_io_t, compressedin)},
        {"node_network_receive_multicast_total", "Network device statistic receive_multicast.",
         offsetof(psutil_net_io_t, multicastin)},
        {"node_network_transmit_fifo_total", "Network device statistic transmit_fifo.",
         offsetof(psutil_net_io_t, fifoout)},
        {"node_network_transmit_colls_total", "Network device statistic transmit_colls.",
         offsetof(psutil_net_io_t, collisions)},
        {"node_network_transmit_carrier_total", "Network device statistic transmit_carrier.",
         offsetof(psutil_net_io_t, carrierout)},
        {"node_network_transmit_compressed_total", "Network device statistic transmit_compressed.",
         offsetof(psutil_net_io_t, compressedout)},
    };
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
        family(t, fields[f].name, "counter", fields[f].help);
        for (size_t i = 0; i < n; i++) {
            if (netdev_excluded(nic[i].name))
                continue;
            uint64_t v;
            memcpy(&v, (const char *)&nic[i] + fields[f].off, sizeof(v));
            sample_u64(t, fields[f].name, v, "device", nic[i].name, NULL);
        }
    }
    /* Packets dropped for want of a protocol handler: not in /proc/net/dev (node_exporter
     * reads it over netlink), in sysfs statistics/rx_nohandler (Linux 4.6+). */
    char base[700];
    serve_sysfs_path("class/net", base, sizeof(base));
    int fam = 0;
    for (size_t i = 0; i < n; i++) {
        char dir[1000], buf[32], *end;
        if (netdev_excluded(nic[i].name) || strchr(nic[i].name, '/'))
            continue;
        snprintf(dir, sizeof(dir), "%s/%s/statistics", base, nic[i].name);
        if (serve_sysfs_attr(dir, "rx_nohandler", buf, sizeof(buf)) != 0 || !buf[0])
            continue;
        unsigned long long v = strtoull(buf, &end, 10);
        if (*end || buf[0] == '-')
            continue;
        if (!fam++)
            family(t, "node_network_receive_nohandler_total", "counter",
                   "Network device statistic receive_nohandler.");
        sample_u64(t, "node_network_receive_nohandler_total", v, "device", nic[i].name, NULL);
    }
    psutil_free(nic);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* node_exporter's netclass collector: each device of <sysfs root>/class/net, its
 * attributes as node_network_* (a series only where the attribute reads as a number:
 * carrier and speed do not while a link is down), node_network_info with the strings,
 * node_network_up from operstate; and psutil_network_up, IFF_UP from
 * psutil_net_if_stats. */
int collect_netclass(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        const char *file, *name, *type;
        double scale;
    } props[] = {
        {"addr_assign_type", "address_assign_type", "gauge", 1},
        {"carrier", "carrier", "gauge", 1},
        {"carrier_changes", "carrier_changes_total", "counter", 1},
        {"carrier_down_count", "carrier_down_changes_total", "counter", 1},
        {"carrier_up_count", "carrier_up_changes_total", "counter", 1},
        {"dev_id", "device_id", "gauge", 1},
        {"dormant", "dormant", "gauge", 1},
        {"flags", "flags", "gauge", 1},
        {"ifindex", "iface_id", "gauge", 1},
        {"iflink", "iface_link", "gauge", 1},
        {"link_mode", "iface_link_mode", "gauge", 1},
        {"mtu", "mtu_bytes", "gauge", 1},
        {"name_assign_type", "name_assign_type", "gauge", 1},
        {"netdev_group", "net_dev_group", "gauge", 1},
        {"speed", "speed_bytes", "gauge", 125000}, /* Mbit/s to bytes/s */
        {"tx_queue_len", "transmit_queue_length", "gauge", 1},
        {"type", "protocol_type", "gauge", 1},
    };
    enum { NPROPS = sizeof(props) / sizeof(props[0]) };
    psutil_net_stats_t *st;
    size_t nst;
    int rc = psutil_net_if_stats(&st, &nst);
    if (rc != 0)
        return rc;
    family(t, "psutil_network_up", "gauge",
           "1 when the interface is administratively up (IFF_UP).");
    for (size_t i = 0; i < nst; i++)
        sample(t, "psutil_network_up", st[i].isup ? 1 : 0, "device", st[i].name, NULL);
    psutil_free(st);
    char base[700];
    serve_sysfs_path("class/net", base, sizeof(base));
    char **dev = NULL;
    size_t n = 0;
    DIR *d = opendir(base);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.' && serve_option_match("netclass.ignored-devices", e->d_name) != 1) {
            dev = cli_realloc(dev, n + 1, sizeof(*dev));
            dev[n++] = cli_strdup(e->d_name);
        }
    if (d)
        closedir(d);
    if (n > 1)
        qsort(dev, n, sizeof(*dev), by_name);
    /* Each device's numbers, read once: have[i][p] when attribute p parsed. */
    double(*val)[NPROPS] = cli_alloc(n + 1, sizeof(*val));
    char(*have)[NPROPS] = cli_alloc(n + 1, sizeof(*have));
    for (size_t i = 0; i < n; i++) {
        char dir[1000], buf[128], *end;
        snprintf(dir, sizeof(dir), "%s/%s", base, dev[i]);
        for (size_t p = 0; p < NPROPS; p++) {
            if (serve_sysfs_attr(dir, props[p].file, buf, sizeof(buf)) != 0 || !buf[0])
                continue;
            long long v = strtoll(buf, &end, 0); /* "0x1003" as node_exporter reads it */
            if (*end)
                continue;
            val[i][p] = (double)v * props[p].scale;
            have[i][p] = 1;
        }
    }
    for (size_t p = 0; p < NPROPS; p++) {
        char name[96], help[128];
        int any = 0;
        snprintf(name, sizeof(name), "node_network_%s", props[p].name);
        snprintf(help, sizeof(help), "Network device property: %s", props[p].name);
        for (size_t i = 0; i < n; i++) {
            if (!have[i][p])
                continue;
            if (!any++)
                family(t, name, props[p].type, help);
            sample(t, name, val[i][p], "device", dev[i], NULL);
        }
    }
    if (n) {
        family(t, "node_network_info", "gauge",
               "Non-numeric data from /sys/class/net/<iface>, value is always 1.");
        for (size_t i = 0; i < n; i++) {
            char dir[1000], addr[128], bcast[128], duplex[32], alias[256], oper[32];
            snprintf(dir, sizeof(dir), "%s/%s", base, dev[i]);
            char *v[] = {addr, bcast, duplex, alias, oper};
            static const char *const files[] = {"address", "broadcast", "duplex", "ifalias",
                                                "operstate"};
            static const size_t sizes[] = {128, 128, 32, 256, 32};
            for (size_t k = 0; k < 5; k++)
                if (serve_sysfs_attr(dir, files[k], v[k], sizes[k]) != 0)
                    v[k][0] = '\0';
            sample(t, "node_network_info", 1, "address", addr, "broadcast", bcast, "device", dev[i],
                   "duplex", duplex, "ifalias", alias, "operstate", oper, NULL);
        }
        family(t, "node_network_up", "gauge", "Value is 1 if operstate is 'up', 0 otherwise.");
        for (size_t i = 0; i < n; i++) {
            char dir[1000], oper[32];
            snprintf(dir, sizeof(dir), "%s/%s", base, dev[i]);
            int up = serve_sysfs_attr(dir, "operstate", oper, sizeof(oper)) == 0 &&
                     strcmp(oper, "up") == 0;
            sample(t, "node_network_up", up, "device", dev[i], NULL);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(dev[i]);
    free(dev);
    free(val);
    free(have);
    return 0;
}
