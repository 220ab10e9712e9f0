/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_nettop.c - `psutil nettop`: per-NIC traffic rates between readings (bytes and
 * packets per second, in and out), refreshing on a terminal; -b batch, -n COUNT,
 * -d SECONDS, --json one object per report.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define NETTOP_USAGE "psutil nettop [-d SECONDS] [-n COUNT] [-b] [--json] [INTERVAL [COUNT]]"

int cmd_nettop(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP };
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'}, {"count", required_argument, NULL, 'n'},
        {"batch", no_argument, NULL, 'b'},       {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},   {NULL, 0, NULL, 0},
    };
    double delay = 1.0;
    long count = 0;
    int batch = 0, json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:n:b", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cli_parse_seconds(optarg, &delay) != 0 || delay <= 0)
                return cli_usage_error("nettop", NETTOP_USAGE,
                                       "delay '%s' is not a positive number", optarg);
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("nettop", NETTOP_USAGE,
                                       "count '%s' is not a positive integer", optarg);
            break;
        case 'b':
            batch = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            printf("Usage: " NETTOP_USAGE "\n\nPer-NIC traffic rates.\n");
            return CLI_OK;
        case ':':
            return cli_usage_error("nettop", NETTOP_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("nettop", NETTOP_USAGE, "unknown option '%s'",
                                   cli_optname(argv));
        }
    }
    /* sysstat's positional form: INTERVAL [COUNT]. */
    int taken = cli_trailing_interval(argc, argv, optind, &delay, &count);
    if (optind + taken < argc)
        return cli_usage_error("nettop", NETTOP_USAGE, "unexpected argument '%s'", argv[optind]);
    int refresh = !batch && !json && isatty(STDOUT_FILENO);
    psutil_nowrap_t nw;
    psutil_net_io_t *prev = NULL, *cur = NULL;
    size_t np = 0, nc = 0;
    int rc = psutil_nowrap_init(&nw);
    if (rc == 0)
        rc = psutil_net_io_counters_pernic(&nw, &prev, &np);
    int lost = 0;
    for (long r = 0; rc == 0 && !lost && (count == 0 || r < count); r++) {
        cli_sleep(delay);
        if ((rc = psutil_net_io_counters_pernic(&nw, &cur, &nc)) != 0)
            break;
        cli_json j;
        if (json) {
            json_init(&j, stdout);
            json_object_begin(&j, NULL);
            json_round(&j, "interval", delay, 3);
            json_array_begin(&j, "nics");
        } else {
            if (refresh)
                printf("\033[H\033[2J");
            else if (r > 0)
                printf("\n");
            printf("%-12s %12s %12s %10s %10s\n", "NIC", "recv/s", "sent/s", "pkts in/s",
                   "pkts out/s");
        }
        for (size_t i = 0; i < nc; i++) {
            const psutil_net_io_t *b = &cur[i], *a = cli_nic_counters(prev, np, b->name);
            if (!a)
                continue;
            double rin = (double)(b->bytes_recv - a->bytes_recv) / delay;
            double rout = (double)(b->bytes_sent - a->bytes_sent) / delay;
            double pin = (double)(b->packets_recv - a->packets_recv) / delay;
            double pout = (double)(b->packets_sent - a->packets_sent) / delay;
            if (json) {
                json_object_begin(&j, NULL);
                json_string(&j, "name", b->name);
                json_round(&j, "bytes_recv_per_second", rin, 1);
                json_round(&j, "bytes_sent_per_second", rout, 1);
                json_round(&j, "packets_recv_per_second", pin, 1);
                json_round(&j, "packets_sent_per_second", pout, 1);
                json_object_end(&j);
            } else {
                char x[32], y[32];
                cli_human_bytes(x, sizeof(x), (uint64_t)rin);
                cli_human_bytes(y, sizeof(y), (uint64_t)rout);
                printf("%-12s %10s/s %10s/s %10.0f %10.0f\n", cli_safe(b->name), x, y, pin, pout);
            }
        }
        if (json) {
            json_array_end(&j);
            json_object_end(&j);
            json_finish(&j);
        }
        lost = cli_output_failed();
        psutil_free(prev);
        prev = cur;
        np = nc;
        cur = NULL;
    }
    psutil_free(prev);
    psutil_nowrap_destroy(&nw);
    return rc == 0 ? CLI_OK : cli_fail("interface counters", rc);
}
