/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_iotop.c - `psutil iotop`: per-process disk I/O rates, like iotop -o: a totals
 * line, then the processes that read or wrote storage during the interval, busiest
 * first. Refreshes the screen on a terminal; -b prints report after report; -n COUNT
 * bounds them; -a lists idle processes too; --json prints one object per report. Other
 * users' /proc/PID/io is readable only by root.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define IOTOP_USAGE "psutil iotop [-d SECONDS] [-n COUNT] [-b] [-a] [--json]"
/* USER is the effective user (as iotop's, one fstat); the JSON's "username" is psutil's,
 * which reads status: only --json asks for it. */
#define FIELDS (PSUTIL_PF_NAME | PSUTIL_PF_EUSER | PSUTIL_PF_IO)

struct item {
    const psutil_proc_row_t *r;
    psutil_proc_rate_t rate;
};

static int busiest(const void *x, const void *y)
{
    const struct item *a = x, *b = y;
    double va = a->rate.read_bps + a->rate.write_bps, vb = b->rate.read_bps + b->rate.write_bps;
    if (va != vb)
        return va > vb ? -1 : 1;
    return a->r->pid < b->r->pid ? -1 : a->r->pid > b->r->pid;
}

static void rate_text(char *buf, size_t size, double bps)
{
    char h[24];
    cli_human_bytes(h, sizeof(h), (uint64_t)llround(bps));
    snprintf(buf, size, "%s/s", h);
}

int cmd_iotop(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP };
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'},
        {"count", required_argument, NULL, 'n'},
        {"batch", no_argument, NULL, 'b'},
        {"all", no_argument, NULL, 'a'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    double delay = 1.0;
    long count = 0;
    int batch = 0, all = 0, json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:n:ba", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cli_parse_seconds(optarg, &delay) != 0 || delay <= 0)
                return cli_usage_error("iotop", IOTOP_USAGE, "delay '%s' is not a positive number",
                                       optarg);
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("iotop", IOTOP_USAGE, "count '%s' is not a positive integer",
                                       optarg);
            break;
        case 'b':
            batch = 1;
            break;
        case 'a':
            all = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            printf("Usage: " IOTOP_USAGE "\n\nPer-process disk I/O rates.\n");
            return CLI_OK;
        case ':':
            return cli_usage_error("iotop", IOTOP_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("iotop", IOTOP_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("iotop", IOTOP_USAGE, "unexpected argument '%s'", argv[optind]);
    int refresh = !batch && !json && isatty(STDOUT_FILENO);
    const psutil_proc_row_t *cur = NULL;
    const psutil_proc_rate_t *rates = NULL;
    size_t ncur = 0;
    psutil_proc_monitor_t *mon = NULL;
    int rc = psutil_proc_monitor_new(FIELDS | (json ? PSUTIL_PF_USERNAME : 0), &mon);
    /* The first refresh is the baseline of the first report's rates. */
    if (rc == 0)
        rc = psutil_proc_monitor_refresh(mon, &cur, &rates, &ncur);
    int lost = 0;
    for (long report = 0; rc == 0 && !lost && (count == 0 || report < count); report++) {
        cli_sleep(delay);
        if ((rc = psutil_proc_monitor_refresh(mon, &cur, &rates, &ncur)) != 0)
            break;
        struct item *items = cli_alloc(ncur, sizeof(*items));
        double tr = 0, tw = 0;
        size_t m = 0, unreadable = 0;
        for (size_t i = 0; i < ncur; i++) {
            unreadable += !(cur[i].have & PSUTIL_PF_IO);
            tr += rates[i].read_bps;
            tw += rates[i].write_bps;
            if (all || rates[i].read_bps > 0 || rates[i].write_bps > 0)
                items[m++] = (struct item){&cur[i], rates[i]};
        }
        qsort(items, m, sizeof(*items), busiest);
        char a[40], b[40];
        if (json) {
            cli_json j;
            json_init(&j, stdout);
            json_object_begin(&j, NULL);
            json_round(&j, "read_bytes_per_second", tr, 1);
            json_round(&j, "write_bytes_per_second", tw, 1);
            json_u64(&j, "access_denied", unreadable);
            json_array_begin(&j, "processes");
            for (size_t k = 0; k < m; k++) {
                json_object_begin(&j, NULL);
                json_i64(&j, "pid", items[k].r->pid);
                json_string(&j, "username", items[k].r->username);
                json_string(&j, "name", items[k].r->name);
                json_round(&j, "read_bytes_per_second", items[k].rate.read_bps, 1);
                json_round(&j, "write_bytes_per_second", items[k].rate.write_bps, 1);
                json_object_end(&j);
            }
            json_array_end(&j);
            json_object_end(&j);
            json_finish(&j);
        } else {
            if (refresh)
                printf("\033[H\033[2J");
            else if (report > 0)
                printf("\n");
            rate_text(a, sizeof(a), tr);
            rate_text(b, sizeof(b), tw);
            printf("Total DISK READ: %12s | Total DISK WRITE: %12s\n", a, b);
            printf("%7s %-8s %12s %12s  %s\n", "PID", "USER", "DISK READ", "DISK WRITE", "COMMAND");
            for (size_t k = 0; k < m; k++) {
                rate_text(a, sizeof(a), items[k].rate.read_bps);
                rate_text(b, sizeof(b), items[k].rate.write_bps);
                printf("%7lld %-8.8s %12s %12s  %s\n", (long long)items[k].r->pid,
                       cli_safe(items[k].r->euser), a, b, cli_safe(items[k].r->name));
            }
            if (unreadable)
                printf("(%zu processes without readable I/O counters)\n", unreadable);
        }
        lost = cli_output_failed();
        free(items);
    }
    psutil_proc_monitor_free(mon);
    return rc == 0 ? CLI_OK : cli_fail("process table", rc);
}
