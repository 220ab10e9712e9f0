/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_ifconfig.c - `psutil ifconfig`: per NIC its state (up, flags, MTU, speed, duplex),
 * addresses and traffic counters, like psutil's ifconfig.py; --json for the same. An
 * interface named after the options is the only one shown, as net-tools' ifconfig IFACE.
 */
#include <string.h>

#include "cli.h"

#define IFCONFIG_USAGE "psutil ifconfig [--json] [INTERFACE]"

static const char *family_name(int f)
{
    return f == PSUTIL_AF_INET ? "inet" : f == PSUTIL_AF_INET6 ? "inet6" : "link";
}

int cmd_ifconfig(int argc, char **argv)
{
    int json = 0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " IFCONFIG_USAGE "\n\nNICs: state, addresses, counters (of INTERFACE "
                   "alone when named).\n");
            return CLI_OK;
        } else if (argv[i][0] == '-')
            return cli_usage_error("ifconfig", IFCONFIG_USAGE, "unknown option '%s'", argv[i]);
        else if (only)
            return cli_usage_error("ifconfig", IFCONFIG_USAGE, "unexpected argument '%s'", argv[i]);
        else
            only = argv[i];
    }
    psutil_net_stats_t *st;
    psutil_net_addr_t *ad;
    psutil_net_io_t *io;
    size_t ns, na, ni;
    int rc = psutil_net_if_stats(&st, &ns);
    if (rc != 0)
        return cli_fail("interface stats", rc);
    if ((rc = psutil_net_if_addrs(&ad, &na)) != 0) {
        psutil_free(st);
        return cli_fail("interface addresses", rc);
    }
    if ((rc = psutil_net_io_counters_pernic(NULL, &io, &ni)) != 0) {
        psutil_free(st);
        psutil_free(ad);
        return cli_fail("interface counters", rc);
    }
    if (only) {
        size_t k = 0;
        while (k < ns && strcmp(st[k].name, only) != 0)
            k++;
        if (k == ns) {
            fprintf(stderr, "psutil ifconfig: %s: no such interface\n", cli_safe(only));
            psutil_free(st);
            psutil_free(ad);
            psutil_free(io);
            return CLI_ERROR;
        }
    }
    static const char *const duplex[] = {"unknown", "half", "full"};
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    }
    for (size_t i = 0; i < ns; i++) {
        if (only && strcmp(st[i].name, only) != 0)
            continue;
        const psutil_net_io_t *c = cli_nic_counters(io, ni, st[i].name);
        if (json) {
            json_object_begin(&j, NULL);
            json_string(&j, "name", st[i].name);
            json_bool(&j, "isup", st[i].isup);
            json_string(&j, "flags", st[i].flags);
            json_u64(&j, "mtu", st[i].mtu);
            json_u64(&j, "speed", st[i].speed);
            json_string(&j, "duplex", duplex[st[i].duplex]);
            json_array_begin(&j, "addresses");
            for (size_t k = 0; k < na; k++) {
                if (strcmp(ad[k].nic, st[i].name) != 0)
                    continue;
                json_object_begin(&j, NULL);
                json_string(&j, "family", family_name(ad[k].family));
                json_string(&j, "address", ad[k].address);
                /* psutil: None where an address has no netmask, broadcast or peer. */
                const char *opt[3] = {ad[k].netmask, ad[k].broadcast, ad[k].ptp};
                static const char *const opt_keys[3] = {"netmask", "broadcast", "ptp"};
                for (int o = 0; o < 3; o++) {
                    if (opt[o][0])
                        json_string(&j, opt_keys[o], opt[o]);
                    else
                        json_null(&j, opt_keys[o]);
                }
                json_object_end(&j);
            }
            json_array_end(&j);
            if (c) {
                json_u64(&j, "bytes_sent", c->bytes_sent);
                json_u64(&j, "bytes_recv", c->bytes_recv);
                json_u64(&j, "packets_sent", c->packets_sent);
                json_u64(&j, "packets_recv", c->packets_recv);
                json_u64(&j, "errin", c->errin);
                json_u64(&j, "errout", c->errout);
                json_u64(&j, "dropin", c->dropin);
                json_u64(&j, "dropout", c->dropout);
            }
            json_object_end(&j);
            continue;
        }
        printf("%s:\n    stats          : %s, speed=%uMB, duplex=%s, mtu=%u, flags=%s\n",
               cli_safe(st[i].name), st[i].isup ? "up" : "down", st[i].speed, duplex[st[i].duplex],
               st[i].mtu, st[i].flags);
        if (c) {
            char a[32], b[32];
            cli_human_bytes(a, sizeof(a), c->bytes_recv);
            cli_human_bytes(b, sizeof(b), c->bytes_sent);
            printf("    incoming       : bytes=%s, pkts=%llu, errs=%llu, drops=%llu\n", a,
                   (unsigned long long)c->packets_recv, (unsigned long long)c->errin,
                   (unsigned long long)c->dropin);
            printf("    outgoing       : bytes=%s, pkts=%llu, errs=%llu, drops=%llu\n", b,
                   (unsigned long long)c->packets_sent, (unsigned long long)c->errout,
                   (unsigned long long)c->dropout);
        }
        for (size_t k = 0; k < na; k++) {
            if (strcmp(ad[k].nic, st[i].name) != 0)
                continue;
            printf("    %-5s address  : %s\n", family_name(ad[k].family), ad[k].address);
            if (ad[k].netmask[0])
                printf("          netmask  : %s\n", ad[k].netmask);
            if (ad[k].broadcast[0])
                printf("          broadcast: %s\n", ad[k].broadcast);
            if (ad[k].ptp[0])
                printf("          p2p      : %s\n", ad[k].ptp);
        }
        printf("\n");
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    }
    psutil_free(st);
    psutil_free(ad);
    psutil_free(io);
    return CLI_OK;
}
