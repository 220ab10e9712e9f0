/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_df.c - `psutil df`: space on mounted filesystems, like `df -h` (sizes rounded up
 * as GNU df does: one decimal below 10, none above). -a adds virtual filesystems, -b
 * prints bytes, --json prints one array.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>

#include "cli.h"

#define DF_USAGE "psutil df [-a] [-b] [--json]"

/* GNU df -h: powers of 1024, rounded up; one decimal when the value is below 10. */
static void df_human(char *buf, size_t size, uint64_t bytes)
{
    static const char units[] = "KMGTPE";
    if (bytes < 1024) {
        snprintf(buf, size, "%llu", (unsigned long long)bytes);
        return;
    }
    double v = (double)bytes;
    int u = -1;
    while (v >= 1024.0 && u < 5) {
        v /= 1024.0;
        u++;
    }
    if (v < 10.0) {
        v = ceil(v * 10.0) / 10.0;
        if (v >= 10.0)
            snprintf(buf, size, "%.0f%c", v, units[u]);
        else
            snprintf(buf, size, "%.1f%c", v, units[u]);
    } else {
        v = ceil(v);
        if (v >= 1024.0 && u < 5)
            snprintf(buf, size, "%.1f%c", 1.0, units[u + 1]);
        else
            snprintf(buf, size, "%.0f%c", v, units[u]);
    }
}

static void help(void)
{
    printf("Usage: " DF_USAGE "\n"
           "\n"
           "Space on mounted filesystems, like df -h.\n"
           "\n"
           "  -a, --all    include virtual filesystems (proc, tmpfs, ...)\n"
           "  -b, --bytes  sizes in bytes\n"
           "      --json   one JSON array, sizes in bytes\n"
           "      --help   this text\n");
}

int cmd_df(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP };
    static const struct option longs[] = {
        {"all", no_argument, NULL, 'a'},
        {"bytes", no_argument, NULL, 'b'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    int all = 0, bytes = 0, json = 0, c, status = CLI_OK;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "ab", longs, NULL)) != -1) {
        switch (c) {
        case 'a':
            all = 1;
            break;
        case 'b':
            bytes = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            help();
            return CLI_OK;
        default:
            return cli_usage_error("df", DF_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("df", DF_USAGE, "unexpected argument '%s'", argv[optind]);

    psutil_disk_partition_t *parts;
    size_t n;
    int rc = psutil_disk_partitions(all, &parts, &n);
    if (rc != 0)
        return cli_fail("disk partitions", rc);
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    } else {
        printf("%-20s %10s %10s %10s %5s %s\n", "Filesystem", "Size", "Used", "Avail", "Use%",
               "Mounted on");
    }
    for (size_t i = 0; i < n; i++) {
        psutil_disk_usage_t u;
        if ((rc = psutil_disk_usage(parts[i].mountpoint, &u)) != 0) {
            cli_fail(parts[i].mountpoint, rc); /* like df: report, go on, exit 1 */
            status = CLI_ERROR;
            continue;
        }
        const char *dev = parts[i].device[0] ? parts[i].device : parts[i].fstype;
        if (json) {
            json_object_begin(&j, NULL);
            json_string(&j, "device", parts[i].device);
            json_string(&j, "mountpoint", parts[i].mountpoint);
            json_string(&j, "fstype", parts[i].fstype);
            json_string(&j, "opts", parts[i].opts);
            json_u64(&j, "total", u.total);
            json_u64(&j, "used", u.used);
            json_u64(&j, "free", u.free);
            json_double(&j, "percent", u.percent);
            json_object_end(&j);
            continue;
        }
        char size[32], used[32], avail[32], pct[16];
        if (bytes) {
            snprintf(size, sizeof(size), "%llu", (unsigned long long)u.total);
            snprintf(used, sizeof(used), "%llu", (unsigned long long)u.used);
            snprintf(avail, sizeof(avail), "%llu", (unsigned long long)u.free);
        } else {
            df_human(size, sizeof(size), u.total);
            df_human(used, sizeof(used), u.used);
            df_human(avail, sizeof(avail), u.free);
        }
        if (u.used + u.free == 0)
            snprintf(pct, sizeof(pct), "-");
        else
            snprintf(pct, sizeof(pct), "%.0f%%", ceil(u.percent));
        printf("%-20s %10s %10s %10s %5s %s\n", cli_safe(dev), size, used, avail, pct,
               cli_safe(parts[i].mountpoint));
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    }
    psutil_free(parts);
    return status;
}
