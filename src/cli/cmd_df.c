/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_df.c - `psutil df`: space on mounted filesystems, like `df -h` (sizes rounded up
 * as GNU df does: one decimal below 10, none above). -a adds virtual filesystems, -b
 * prints bytes, --json prints one array.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DF_USAGE "psutil df [-a] [-h|-k|-b] [-T] [-i] [--json] [FILE...]"

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
           "Space on mounted filesystems, like df -h: the filesystems coreutils df lists\n"
           "(no pseudo filesystems, none without blocks, each device once), or the ones\n"
           "holding each FILE.\n"
           "\n"
           "  -a, --all    every mounted filesystem, pseudo and duplicates included\n"
           "  -h, --human-readable\n"
           "               sizes in powers of 1024 (K, M, G), as df -h: the default\n"
           "  -k           sizes in 1024-byte blocks, as coreutils df without -h\n"
           "  -b, --bytes  sizes in bytes\n"
           "  -T, --print-type\n"
           "               a Type column\n"
           "  -i, --inodes inode counts instead of sizes\n"
           "      --json   one JSON array, sizes in bytes\n"
           "      --help   this text\n");
}

/* coreutils df's pseudo filesystems (its ME_DUMMY list): never listed without -a. */
static int dummy_fs(const char *type)
{
    static const char *const dummy[] = {
        "autofs",     "proc",  "subfs", "debugfs", "devpts", "fusectl",     "fuse.portal", "mqueue",
        "rpc_pipefs", "sysfs", "devfs", "kernfs",  "ignore", "binfmt_misc", "rootfs"};
    for (size_t i = 0; i < sizeof(dummy) / sizeof(dummy[0]); i++)
        if (strcmp(type, dummy[i]) == 0)
            return 1;
    return 0;
}

struct df_row {
    const psutil_disk_partition_t *p;
    psutil_disk_usage_t u;
    uint64_t dev; /* the device (volume) of the mount point, UINT64_MAX unknown */
    int keep;
};

/* The row of the mount holding path: the longest mount point on the same device. */
static struct df_row *holding(struct df_row *rows, size_t n, const char *path)
{
    struct df_row *best = NULL;
    char *real = NULL;
    uint64_t dev;
    if (cli_os_locate(path, &real, &dev) != 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(rows[i].p->mountpoint);
        if (rows[i].dev != dev)
            continue;
        /* The mount point is a prefix ending at a separator: its own last character (a
         * Windows drive root, "C:\\") or the path's next. */
        char last = len ? rows[i].p->mountpoint[len - 1] : '\0';
        if (strncmp(real, rows[i].p->mountpoint, len) != 0 ||
            (len > 1 && last != '/' && last != '\\' && real[len] != '/' && real[len] != '\0'))
            continue;
        if (!best || len >= strlen(best->p->mountpoint))
            best = &rows[i];
    }
    free(real);
    return best;
}

int cmd_df(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP };
    static const struct option longs[] = {
        {"all", no_argument, NULL, 'a'},
        {"bytes", no_argument, NULL, 'b'},
        {"human-readable", no_argument, NULL, 'h'},
        {"print-type", no_argument, NULL, 'T'},
        {"inodes", no_argument, NULL, 'i'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    int all = 0, bytes = 0, json = 0, types = 0, inodes = 0, c, status = CLI_OK;
    optind = 1;
    opterr = 0;
    /* bytes: 0 human (-h), 1 bytes (-b), 1024 one-KiB blocks (-k); the last one given. */
    while ((c = getopt_long(argc, argv, "abhkTi", longs, NULL)) != -1) {
        switch (c) {
        case 'a':
            all = 1;
            break;
        case 'b':
            bytes = 1;
            break;
        case 'h':
            bytes = 0;
            break;
        case 'k':
            bytes = 1024;
            break;
        case 'T':
            types = 1;
            break;
        case 'i':
            inodes = 1;
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
    psutil_disk_partition_t *parts;
    size_t n;
    int rc = psutil_disk_partitions(1, &parts, &n);
    if (rc != 0)
        return cli_fail("disk partitions", rc);
    struct df_row *rows = cli_alloc(n, sizeof(*rows));
    for (size_t i = 0; i < n; i++) {
        rows[i].p = &parts[i];
        if (cli_os_locate(parts[i].mountpoint, NULL, &rows[i].dev) != 0)
            rows[i].dev = UINT64_MAX;
        rows[i].keep = psutil_disk_usage(parts[i].mountpoint, &rows[i].u) == 0;
    }
    if (optind < argc) {
        /* FILE...: the filesystem holding each, pseudo or not, in argument order. */
        for (size_t i = 0; i < n; i++)
            rows[i].keep = 0;
        struct df_row *chosen = cli_alloc((size_t)(argc - optind), sizeof(*chosen));
        size_t k = 0;
        for (int a = optind; a < argc; a++) {
            struct df_row *r = holding(rows, n, argv[a]);
            if (!r) {
                fprintf(stderr, "psutil df: %s: no such file or no filesystem holds it\n",
                        cli_safe(argv[a]));
                status = CLI_ERROR;
                continue;
            }
            chosen[k] = *r;
            chosen[k++].keep = 1;
        }
        free(rows);
        rows = chosen;
        n = k;
    } else if (!all) {
        /* coreutils df: no pseudo filesystem, none without blocks, and one row per device
         * (the shortest mount point of a device mounted twice, bind mounts included). */
        for (size_t i = 0; i < n; i++)
            if (rows[i].keep && (dummy_fs(rows[i].p->fstype) || rows[i].u.total == 0))
                rows[i].keep = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; rows[i].keep && k < n; k++) {
                if (k == i || !rows[k].keep || rows[k].dev != rows[i].dev)
                    continue;
                size_t li = strlen(rows[i].p->mountpoint), lk = strlen(rows[k].p->mountpoint);
                if (lk < li || (lk == li && k < i))
                    rows[i].keep = 0;
            }
    }
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    } else {
        printf("%-20s ", "Filesystem");
        if (types)
            printf("%-8s ", "Type");
        if (inodes)
            printf("%10s %10s %10s %5s %s\n", "Inodes", "IUsed", "IFree", "IUse%", "Mounted on");
        else
            printf("%10s %10s %10s %5s %s\n", bytes == 1024 ? "1K-blocks" : "Size", "Used",
                   bytes == 1024 ? "Available" : "Avail", "Use%", "Mounted on");
    }
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].keep)
            continue;
        const psutil_disk_partition_t *pt = rows[i].p;
        const psutil_disk_usage_t *u = &rows[i].u;
        const char *dev = pt->device[0] ? pt->device : pt->fstype;
        if (json) {
            json_object_begin(&j, NULL);
            json_string(&j, "device", pt->device);
            json_string(&j, "mountpoint", pt->mountpoint);
            json_string(&j, "fstype", pt->fstype);
            json_string(&j, "opts", pt->opts);
            json_u64(&j, "total", u->total);
            json_u64(&j, "used", u->used);
            json_u64(&j, "free", u->free);
            json_round(&j, "percent", u->percent, 1);
            json_u64(&j, "files", u->files);
            json_u64(&j, "files_free", u->files_free);
            json_object_end(&j);
            continue;
        }
        char size[32], used[32], avail[32], pct[16];
        if (inodes) {
            uint64_t iused = u->files - u->files_free;
            snprintf(size, sizeof(size), "%llu", (unsigned long long)u->files);
            snprintf(used, sizeof(used), "%llu", (unsigned long long)iused);
            snprintf(avail, sizeof(avail), "%llu", (unsigned long long)u->files_free);
            if (u->files == 0)
                snprintf(pct, sizeof(pct), "-");
            else
                snprintf(pct, sizeof(pct), "%.0f%%",
                         ceil((double)iused / (double)u->files * 100.0));
        } else {
            if (bytes) {
                /* coreutils rounds each block count up. */
                uint64_t b = (uint64_t)bytes;
                snprintf(size, sizeof(size), "%llu", (unsigned long long)((u->total + b - 1) / b));
                snprintf(used, sizeof(used), "%llu", (unsigned long long)((u->used + b - 1) / b));
                snprintf(avail, sizeof(avail), "%llu", (unsigned long long)((u->free + b - 1) / b));
            } else {
                df_human(size, sizeof(size), u->total);
                df_human(used, sizeof(used), u->used);
                df_human(avail, sizeof(avail), u->free);
            }
            if (u->used + u->free == 0)
                snprintf(pct, sizeof(pct), "-");
            else
                snprintf(pct, sizeof(pct), "%.0f%%", ceil(u->percent));
        }
        printf("%-20s ", cli_safe(dev));
        if (types)
            printf("%-8s ", cli_safe(pt->fstype));
        printf("%10s %10s %10s %5s %s\n", size, used, avail, pct, cli_safe(pt->mountpoint));
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    }
    free(rows);
    psutil_free(parts);
    return status;
}
