/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_iostat.c - `psutil iostat`: per-disk I/O rates between two readings, like
 * `iostat -dx`: reads and writes per second, kB/s, merges per second and %util (the
 * share of the interval with I/O in flight). Refreshes the screen on a terminal; -b
 * (batch) prints report after report; -n bounds the count; --json prints one object
 * per report.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define IOSTAT_USAGE                                                                               \
    "psutil iostat [-d SECONDS] [-n COUNT] [-b] [-a] [--json] [DEVICE...] [INTERVAL [COUNT]]"

static const psutil_disk_io_t *find(const psutil_disk_io_t *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

static int wanted(const char *name, char **devs, int ndevs)
{
    if (ndevs == 0)
        return 1;
    for (int i = 0; i < ndevs; i++)
        if (strcmp(devs[i], name) == 0)
            return 1;
    return 0;
}

static void help(void)
{
    printf("Usage: " IOSTAT_USAGE "\n"
           "\n"
           "Per-device disk I/O rates, refreshing.\n"
           "\n"
           "  -d, --delay SECONDS  between reports (default 1)\n"
           "  -n, --count COUNT    stop after COUNT reports (default: until interrupted)\n"
           "  -b, --batch          print reports one after another; never clear the screen\n"
           "  -a, --all            include devices that never did I/O\n"
           "      --json           one JSON object per report\n"
           "      --help           this text\n");
}

int cmd_iostat(int argc, char **argv)
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
                return cli_usage_error("iostat", IOSTAT_USAGE,
                                       "delay '%s' is not a positive number", optarg);
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("iostat", IOSTAT_USAGE,
                                       "count '%s' is not a positive integer", optarg);
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
            help();
            return CLI_OK;
        case ':':
            return cli_usage_error("iostat", IOSTAT_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("iostat", IOSTAT_USAGE, "unknown option '%s'",
                                   cli_optname(argv));
        }
    }
    /* sysstat's form: devices, then INTERVAL [COUNT]. */
    int taken = cli_trailing_interval(argc, argv, optind, &delay, &count);
    char **devs = argv + optind;
    int ndevs = argc - optind - taken;
    int refresh = !batch && !json && isatty(STDOUT_FILENO);
    psutil_nowrap_t nw;
    psutil_disk_io_t *prev = NULL, *cur = NULL;
    size_t nprev = 0, ncur = 0;
    int rc = psutil_nowrap_init(&nw);
    if (rc == 0)
        rc = psutil_disk_io_counters_perdisk(&nw, &prev, &nprev);
    if (rc != 0) {
        psutil_nowrap_destroy(&nw);
        return cli_fail("disk I/O counters", rc);
    }
    for (int d = 0; d < ndevs; d++)
        if (!find(prev, nprev, devs[d])) {
            psutil_free(prev);
            psutil_nowrap_destroy(&nw);
            fprintf(stderr, "psutil iostat: no device '%s' in the kernel's disk statistics\n",
                    cli_safe(devs[d]));
            return CLI_ERROR;
        }
    double t0 = cli_now();
    int lost = 0;
    for (long report = 0; !lost && (count == 0 || report < count); report++) {
        cli_sleep(delay);
        if ((rc = psutil_disk_io_counters_perdisk(&nw, &cur, &ncur)) != 0)
            break;
        double t1 = cli_now(), dt = t1 - t0 > 0 ? t1 - t0 : delay;
        cli_json j;
        if (json) {
            json_init(&j, stdout);
            json_object_begin(&j, NULL);
            json_round(&j, "interval", dt, 3);
            json_array_begin(&j, "devices");
        } else {
            if (refresh)
                printf("\033[H\033[2J");
            else if (report > 0)
                printf("\n");
            printf("%-12s %9s %9s %11s %11s %8s %8s %7s\n", "Device", "r/s", "w/s", "rkB/s",
                   "wkB/s", "rrqm/s", "wrqm/s", "%util");
        }
        for (size_t i = 0; i < ncur; i++) {
            const psutil_disk_io_t *a = find(prev, nprev, cur[i].name), *b = &cur[i];
            if (!a || !wanted(b->name, devs, ndevs))
                continue;
            if (!all && ndevs == 0 && b->read_count + b->write_count == 0)
                continue;
            double rs = (double)(b->read_count - a->read_count) / dt;
            double ws = (double)(b->write_count - a->write_count) / dt;
            double rkb = (double)(b->read_bytes - a->read_bytes) / 1024.0 / dt;
            double wkb = (double)(b->write_bytes - a->write_bytes) / 1024.0 / dt;
            double rm = (double)(b->read_merged_count - a->read_merged_count) / dt;
            double wm = (double)(b->write_merged_count - a->write_merged_count) / dt;
            double util = (double)(b->busy_time - a->busy_time) / (dt * 1000.0) * 100.0;
            if (util > 100.0)
                util = 100.0;
            if (json) {
                json_object_begin(&j, NULL);
                json_string(&j, "name", b->name);
                json_round(&j, "read_count_per_second", rs, 2);
                json_round(&j, "write_count_per_second", ws, 2);
                json_round(&j, "read_bytes_per_second", rkb * 1024.0, 1);
                json_round(&j, "write_bytes_per_second", wkb * 1024.0, 1);
                json_round(&j, "read_merged_count_per_second", rm, 2);
                json_round(&j, "write_merged_count_per_second", wm, 2);
                json_round(&j, "busy_percent", util, 1);
                json_object_end(&j);
            } else {
                printf("%-12s %9.2f %9.2f %11.2f %11.2f %8.2f %8.2f %7.2f\n", cli_safe(b->name), rs,
                       ws, rkb, wkb, rm, wm, util);
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
        nprev = ncur;
        cur = NULL;
        t0 = t1;
    }
    psutil_free(prev);
    psutil_nowrap_destroy(&nw);
    return rc == 0 ? CLI_OK : cli_fail("disk I/O counters", rc);
}
