/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_cgtop.c - `psutil cgtop`: control groups by their resource use, as systemd-cgtop
 * (tasks, %CPU, memory, I/O in and out per second, between two readings), refreshing on
 * a terminal; -b batch, -n COUNT, -d SECONDS, --depth N, the order keys of systemd-cgtop
 * (-p path, -t tasks, -c CPU, -m memory, -i I/O, or --order=KEY), --raw, --json.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CGTOP_USAGE                                                                                \
    "psutil cgtop [-d SECONDS] [-n COUNT] [-b] [--depth N] [-p|-t|-c|-m|-i] "                      \
    "[--order=path|tasks|cpu|memory|io] [-r|--raw] [--json]"

enum { ORDER_PATH, ORDER_TASKS, ORDER_CPU, ORDER_MEMORY, ORDER_IO };

struct cg_row {
    const psutil_cgroup_stat_t *s;
    double cpu, in, out; /* %, B/s, B/s; NAN when unknown */
};

static int order_key;

static int cmp_rows(const void *pa, const void *pb)
{
    const struct cg_row *a = pa, *b = pb;
    double x = 0, y = 0;
    switch (order_key) {
    case ORDER_TASKS:
        x = (double)a->s->tasks, y = (double)b->s->tasks;
        break;
    case ORDER_MEMORY:
        x = (double)a->s->memory_current, y = (double)b->s->memory_current;
        break;
    case ORDER_IO:
        x = (isnan(a->in) ? 0 : a->in + a->out), y = (isnan(b->in) ? 0 : b->in + b->out);
        break;
    case ORDER_CPU:
        x = isnan(a->cpu) ? -1 : a->cpu, y = isnan(b->cpu) ? -1 : b->cpu;
        break;
    default:
        return strcmp(a->s->path, b->s->path);
    }
    if (x != y)
        return x < y ? 1 : -1;
    return strcmp(a->s->path, b->s->path);
}

static int depth_of(const char *path)
{
    int d = 0;
    for (const char *c = path; *c; c++)
        d += *c == '/';
    return strcmp(path, "/") == 0 ? 0 : d;
}

static void cell_bytes(char *buf, size_t size, int have, double v, int raw)
{
    if (!have || isnan(v))
        snprintf(buf, size, "-");
    else if (raw)
        snprintf(buf, size, "%.0f", v);
    else
        cli_human_bytes(buf, size, (uint64_t)v);
}

static void report(const struct cg_row *rows, size_t n, double delay, int json, int raw)
{
    if (json) {
        cli_json j;
        json_init(&j, stdout);
        json_object_begin(&j, NULL);
        json_round(&j, "interval", delay, 3);
        json_array_begin(&j, "cgroups");
        for (size_t i = 0; i < n; i++) {
            const psutil_cgroup_stat_t *s = rows[i].s;
            json_object_begin(&j, NULL);
            json_string(&j, "path", s->path);
            if (s->have & PSUTIL_CGS_TASKS)
                json_u64(&j, "tasks", s->tasks);
            else
                json_null(&j, "tasks");
            json_round(&j, "cpu_percent", rows[i].cpu, 1);
            if (s->have & PSUTIL_CGS_MEMORY)
                json_u64(&j, "memory", s->memory_current);
            else
                json_null(&j, "memory");
            json_round(&j, "io_read_bytes_per_second", rows[i].in, 1);
            json_round(&j, "io_write_bytes_per_second", rows[i].out, 1);
            json_object_end(&j);
        }
        json_array_end(&j);
        json_object_end(&j);
        json_finish(&j);
        return;
    }
    printf("%-50s %6s %6s %10s %9s %9s\n", "Control Group", "Tasks", "%CPU", "Memory", "Input/s",
           "Output/s");
    for (size_t i = 0; i < n; i++) {
        const psutil_cgroup_stat_t *s = rows[i].s;
        char tasks[24], cpu[24], mem[32], in[32], out[32];
        if (s->have & PSUTIL_CGS_TASKS)
            snprintf(tasks, sizeof(tasks), "%llu", (unsigned long long)s->tasks);
        else
            snprintf(tasks, sizeof(tasks), "-");
        if (isnan(rows[i].cpu))
            snprintf(cpu, sizeof(cpu), "-");
        else
            snprintf(cpu, sizeof(cpu), "%.1f", rows[i].cpu);
        cell_bytes(mem, sizeof(mem), (s->have & PSUTIL_CGS_MEMORY) != 0, (double)s->memory_current,
                   raw);
        cell_bytes(in, sizeof(in), 1, rows[i].in, raw);
        cell_bytes(out, sizeof(out), 1, rows[i].out, raw);
        printf("%-50s %6s %6s %10s %9s %9s\n", cli_safe(s->path), tasks, cpu, mem, in, out);
    }
}

/* The rows of cur at most depth deep, with rates against prev (matched by path). */
static size_t rows_of(const psutil_cgroup_stat_t *prev, size_t np, const psutil_cgroup_stat_t *cur,
                      size_t nc, double delay, int depth, struct cg_row *rows)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < nc; i++) {
        const psutil_cgroup_stat_t *b = &cur[i], *a = NULL;
        if (depth_of(b->path) > depth)
            continue;
        while (k < np && strcmp(prev[k].path, b->path) < 0) /* both lists sorted by path */
            k++;
        if (k < np && strcmp(prev[k].path, b->path) == 0)
            a = &prev[k];
        struct cg_row r = {b, NAN, NAN, NAN};
        if (a && (a->have & b->have & PSUTIL_CGS_CPU))
            r.cpu = b->cpu_usage >= a->cpu_usage
                        ? (double)(b->cpu_usage - a->cpu_usage) / (delay * 1e9) * 100.0
                        : 0.0;
        if (a && (a->have & b->have & PSUTIL_CGS_IO)) {
            r.in = b->io_read_bytes >= a->io_read_bytes
                       ? (double)(b->io_read_bytes - a->io_read_bytes) / delay
                       : 0.0;
            r.out = b->io_write_bytes >= a->io_write_bytes
                        ? (double)(b->io_write_bytes - a->io_write_bytes) / delay
                        : 0.0;
        }
        rows[n++] = r;
    }
    return n;
}

int cmd_cgtop(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HELP, OPT_DEPTH, OPT_ORDER };
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'},
        {"iterations", required_argument, NULL, 'n'},
        {"batch", no_argument, NULL, 'b'},
        {"depth", required_argument, NULL, OPT_DEPTH},
        {"order", required_argument, NULL, OPT_ORDER},
        {"raw", no_argument, NULL, 'r'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    static const char *const keys[] = {"path", "tasks", "cpu", "memory", "io"};
    double delay = 1.0;
    long count = 0, depth = 3;
    int batch = 0, json = 0, raw = 0, c;
    order_key = ORDER_CPU;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:n:brptcmi", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cli_parse_seconds(optarg, &delay) != 0 || delay <= 0)
                return cli_usage_error("cgtop", CGTOP_USAGE, "delay '%s' is not a positive number",
                                       optarg);
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("cgtop", CGTOP_USAGE, "count '%s' is not a positive integer",
                                       optarg);
            break;
        case OPT_DEPTH:
            if (cli_parse_count(optarg, &depth) != 0 && strcmp(optarg, "0") != 0)
                return cli_usage_error("cgtop", CGTOP_USAGE, "depth '%s' is not a number", optarg);
            depth = atol(optarg);
            break;
        case OPT_ORDER: {
            int found = -1;
            for (int k = 0; k < 5; k++)
                if (strcmp(optarg, keys[k]) == 0)
                    found = k;
            if (found < 0)
                return cli_usage_error("cgtop", CGTOP_USAGE, "unknown order '%s'", optarg);
            order_key = found;
            break;
        }
        case 'p':
            order_key = ORDER_PATH;
            break;
        case 't':
            order_key = ORDER_TASKS;
            break;
        case 'c':
            order_key = ORDER_CPU;
            break;
        case 'm':
            order_key = ORDER_MEMORY;
            break;
        case 'i':
            order_key = ORDER_IO;
            break;
        case 'b':
            batch = 1;
            break;
        case 'r':
            raw = 1;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            printf("Usage: " CGTOP_USAGE "\n\n"
                   "Control groups by resource use, as systemd-cgtop: tasks, %%CPU (of one CPU),\n"
                   "memory and block I/O per second between two readings.\n\n"
                   "  -d, --delay SECONDS   between readings (default 1)\n"
                   "  -n, --iterations N    reports to print (default: until interrupted)\n"
                   "  -b, --batch           no screen refresh\n"
                   "      --depth N         levels below the root to show (default 3)\n"
                   "  -p, -t, -c, -m, -i    order by path, tasks, CPU (default), memory, I/O\n"
                   "      --order KEY       path, tasks, cpu, memory or io\n"
                   "  -r, --raw             bytes as plain numbers\n"
                   "      --json            one JSON object per report\n"
                   "      --help            this text\n");
            return CLI_OK;
        case ':':
            return cli_usage_error("cgtop", CGTOP_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("cgtop", CGTOP_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("cgtop", CGTOP_USAGE, "unexpected argument '%s'", argv[optind]);
    int refresh = !batch && !json && isatty(STDOUT_FILENO);
    psutil_cgroup_stat_t *prev = NULL, *cur = NULL;
    size_t np = 0, nc = 0;
    int rc = psutil_cgroup_stats(&prev, &np);
    int lost = 0;
    for (long r = 0; rc == 0 && !lost && (count == 0 || r < count); r++) {
        cli_sleep(delay);
        if ((rc = psutil_cgroup_stats(&cur, &nc)) != 0)
            break;
        struct cg_row *rows = cli_alloc(nc ? nc : 1, sizeof(*rows));
        size_t n = rows_of(prev, np, cur, nc, delay, (int)depth, rows);
        qsort(rows, n, sizeof(*rows), cmp_rows);
        if (refresh)
            printf("\033[H\033[2J");
        else if (r > 0 && !json)
            printf("\n");
        report(rows, n, delay, json, raw);
        lost = cli_output_failed();
        free(rows);
        psutil_free(prev);
        prev = cur;
        np = nc;
        cur = NULL;
    }
    psutil_free(prev);
    return rc == 0 ? CLI_OK : cli_fail("control groups", rc);
}
