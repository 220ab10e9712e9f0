/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_free.c - `psutil free`, procps-ng 4 `free` on libpsutil: the same columns
 * (total used free shared buff/cache available; -w splits buffers and cache), the
 * same units (-b -k -m -g --tera, default KiB; --si for powers of 1000; -h picks a
 * unit per value as free does: the shortest form that fits 4 characters plus "i"),
 * --total, -s/-c to repeat, and --json (bytes).
 */
#include <getopt.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define FREE_USAGE                                                                                 \
    "psutil free [-b|-k|-m|-g|--tebi|--pebi|--kilo|--mega|--giga|--tera|--peta|-h] [--si] "        \
    "[-w] [-l] [-v] [-L] [-t] [-s SECONDS] [-c COUNT] [--json]"

struct free_opts {
    int exponent; /* 1 bytes, 2 kilo (default), 3 mega, 4 giga, 5 tera, 6 peta */
    int human, si, total, wide, json;
    int lohi, committed, line; /* -l, -v, -L */
    double delay;
    long count; /* 0: once, or forever with -s alone */
};

static void scale(char *buf, size_t size, uint64_t bytes, const struct free_opts *o)
{
    static const char up[] = "BKMGTPE";
    double base = o->si ? 1000.0 : 1024.0;
    if (!o->human) {
        if (o->exponent == 1)
            snprintf(buf, size, "%llu", (unsigned long long)bytes);
        else
            snprintf(buf, size, "%llu",
                     (unsigned long long)floor((double)bytes / pow(base, o->exponent - 1)));
        return;
    }
    /* Human: plain bytes if they fit 4 characters ("999B"), else the first unit in
     * which one decimal, then no decimal, fits (4 characters, 5 with the "i"). */
    size_t limit = o->si ? 4 : 5;
    if (snprintf(buf, size, "%lluB", (unsigned long long)bytes) <= 4)
        return;
    for (int i = 1; up[i]; i++) {
        double v = (double)bytes / pow(base, i);
        const char *suffix = o->si ? "" : "i";
        if ((size_t)snprintf(buf, size, "%.1f%c%s", v, up[i], suffix) <= limit)
            return;
        if ((size_t)snprintf(buf, size, "%lld%c%s", (long long)v, up[i], suffix) <= limit)
            return;
    }
}

static void row(const char *label, const uint64_t *vals, int n, const struct free_opts *o)
{
    char buf[64];
    printf("%-8s", label);
    for (int i = 0; i < n; i++) {
        scale(buf, sizeof(buf), vals[i], o);
        printf(" %11s", buf);
    }
    printf("\n");
}

static void print_text(const psutil_virtual_memory_t *vm, const psutil_swap_memory_t *sw,
                       const struct free_opts *o)
{
    if (o->wide) {
        printf("               total        used        free      shared     buffers       "
               "cache   available\n");
        uint64_t mem[] = {vm->total,   vm->used,   vm->free,     vm->shared,
                          vm->buffers, vm->cached, vm->available};
        row("Mem:", mem, 7, o);
    } else {
        printf("               total        used        free      shared  buff/cache   "
               "available\n");
        uint64_t mem[] = {vm->total,    vm->used, vm->free, vm->shared, vm->buffers + vm->cached,
                          vm->available};
        row("Mem:", mem, 6, o);
    }
    if (o->lohi) {
        /* procps: on 64-bit kernels there is no high memory, so Low is all of it (used as
         * total - free) and High is 0; 32-bit kernels report LowTotal/HighTotal. */
        uint64_t lt = vm->total, lf = vm->free, ht = 0, hf = 0;
        psutil_meminfo_field_t *mi;
        size_t n;
        if (psutil_meminfo(&mi, &n) == 0) {
            for (size_t i = 0; i < n; i++) {
                if (strcmp(mi[i].name, "LowTotal") == 0)
                    lt = mi[i].value;
                else if (strcmp(mi[i].name, "LowFree") == 0)
                    lf = mi[i].value;
                else if (strcmp(mi[i].name, "HighTotal") == 0)
                    ht = mi[i].value;
                else if (strcmp(mi[i].name, "HighFree") == 0)
                    hf = mi[i].value;
            }
            psutil_free(mi);
        }
        uint64_t low[] = {lt, lt > lf ? lt - lf : 0, lf}, high[] = {ht, ht > hf ? ht - hf : 0, hf};
        row("Low:", low, 3, o);
        row("High:", high, 3, o);
    }
    uint64_t swap[] = {sw->total, sw->used, sw->free};
    row("Swap:", swap, 3, o);
    /* A container's memory limit below the machine's memory binds: its total, used and
     * free, after procps's lines (which stay as procps prints them). */
    psutil_cgroup_limits_t l;
    if (psutil_cgroup_limits(&l) == 0 && cli_memory_limit_binds(&l, vm->total)) {
        uint64_t lim[] = {l.memory_max, l.memory_current,
                          l.memory_max > l.memory_current ? l.memory_max - l.memory_current : 0};
        row("Limit:", lim, 3, o);
    }
    if (o->total) {
        uint64_t tot[] = {vm->total + sw->total, vm->used + sw->used, vm->free + sw->free};
        row("Total:", tot, 3, o);
    }
    if (o->committed) {
        /* procps: the commit limit, what is committed, and what is left (negative when
         * the kernel overcommits past its limit). */
        uint64_t limit = 0, as = 0;
        psutil_meminfo_field_t *mi;
        size_t n;
        if (psutil_meminfo(&mi, &n) == 0) {
            for (size_t i = 0; i < n; i++) {
                if (strcmp(mi[i].name, "CommitLimit") == 0)
                    limit = mi[i].value;
                else if (strcmp(mi[i].name, "Committed_AS") == 0)
                    as = mi[i].value;
            }
            psutil_free(mi);
        }
        char a[64], b[64], c[64];
        scale(a, sizeof(a), limit, o);
        scale(b, sizeof(b), as, o);
        scale(c + 1, sizeof(c) - 1, limit >= as ? limit - as : as - limit, o);
        c[0] = '-';
        printf("%-8s %11s %11s %11s\n", "Comm:", a, b, limit >= as ? c + 1 : c);
    }
}

/* procps's -L: one line of swap used, cache, memory used and free. */
static void print_line(const psutil_virtual_memory_t *vm, const psutil_swap_memory_t *sw,
                       const struct free_opts *o)
{
    char a[64], b[64], c[64], d[64];
    scale(a, sizeof(a), sw->used, o);
    scale(b, sizeof(b), vm->buffers + vm->cached, o);
    scale(c, sizeof(c), vm->used, o);
    scale(d, sizeof(d), vm->free, o);
    printf("SwapUse %11s CachUse %11s  MemUse %11s MemFree %11s\n", a, b, c, d);
}

static void print_json(const psutil_virtual_memory_t *vm, const psutil_swap_memory_t *sw,
                       const struct free_opts *o)
{
    cli_json j;
    json_init(&j, stdout);
    json_object_begin(&j, NULL);
    /* psutil's names: virtual_memory and swap_memory, as the overview writes them. */
    json_virtual_memory(&j, "virtual_memory", vm);
    json_swap_memory(&j, "swap_memory", sw);
    psutil_cgroup_limits_t l;
    if (psutil_cgroup_limits(&l) == 0)
        json_cgroup_limits(&j, "cgroup_limits", &l);
    else
        json_null(&j, "cgroup_limits");
    if (o->total) {
        json_object_begin(&j, "total");
        json_u64(&j, "total", vm->total + sw->total);
        json_u64(&j, "used", vm->used + sw->used);
        json_u64(&j, "free", vm->free + sw->free);
        json_object_end(&j);
    }
    json_object_end(&j);
    json_finish(&j);
}

static void help(void)
{
    printf("Usage: " FREE_USAGE "\n"
           "\n"
           "Memory and swap in use, as procps free (used = total - available).\n"
           "\n"
           "  -b, --bytes     bytes            -k, --kibi   KiB (default)\n"
           "  -m, --mebi      MiB              -g, --gibi   GiB\n"
           "      --tebi      TiB              -h, --human  units chosen per value\n"
           "      --si        powers of 1000 instead of 1024\n"
           "      --pebi      PiB\n"
           "      --kilo, --mega, --giga, --tera, --peta\n"
           "                  powers of 1000 (kB, MB, ...)\n"
           "  -w, --wide      buffers and cache in separate columns\n"
           "  -l, --lohi      low and high memory lines\n"
           "  -v, --committed a line with the commit limit, committed memory and the rest\n"
           "  -L, --line      one line: swap used, cache, memory used and free\n"
           "  -t, --total     a line with memory + swap\n"
           "  -s, --seconds N repeat every N seconds\n"
           "  -c, --count N   repeat N times (every second unless -s)\n"
           "      --json      one JSON object per report, values in bytes\n"
           "      --help      this text\n");
}

int cmd_free(int argc, char **argv)
{
    enum {
        OPT_SI = 256,
        OPT_JSON,
        OPT_HELP,
        OPT_TEBI,
        OPT_PEBI,
        OPT_KILO,
        OPT_MEGA,
        OPT_GIGA,
        OPT_TERA,
        OPT_PETA
    };
    static const struct option longs[] = {
        {"bytes", no_argument, NULL, 'b'},
        {"kibi", no_argument, NULL, 'k'},
        {"mebi", no_argument, NULL, 'm'},
        {"gibi", no_argument, NULL, 'g'},
        {"tebi", no_argument, NULL, OPT_TEBI},
        {"pebi", no_argument, NULL, OPT_PEBI},
        {"kilo", no_argument, NULL, OPT_KILO},
        {"mega", no_argument, NULL, OPT_MEGA},
        {"giga", no_argument, NULL, OPT_GIGA},
        {"tera", no_argument, NULL, OPT_TERA},
        {"peta", no_argument, NULL, OPT_PETA},
        {"human", no_argument, NULL, 'h'},
        {"si", no_argument, NULL, OPT_SI},
        {"wide", no_argument, NULL, 'w'},
        {"lohi", no_argument, NULL, 'l'},
        {"committed", no_argument, NULL, 'v'},
        {"line", no_argument, NULL, 'L'},
        {"total", no_argument, NULL, 't'},
        {"seconds", required_argument, NULL, 's'},
        {"count", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    struct free_opts o = {.exponent = 2};
    int c, repeat = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":bkmghwtlvLs:c:", longs, NULL)) != -1) {
        switch (c) {
        case OPT_PEBI:
            o.exponent = 6;
            break;
        case OPT_KILO:
        case OPT_MEGA:
        case OPT_GIGA:
        case OPT_TERA:
        case OPT_PETA:
            /* procps: powers of 1000 in the unit named. */
            o.exponent = 2 + (c - OPT_KILO);
            o.si = 1;
            break;
        case 'l':
            o.lohi = 1;
            break;
        case 'v':
            o.committed = 1;
            break;
        case 'L':
            o.line = 1;
            break;
        case 'b':
            o.exponent = 1;
            break;
        case 'k':
            o.exponent = 2;
            break;
        case 'm':
            o.exponent = 3;
            break;
        case 'g':
            o.exponent = 4;
            break;
        case OPT_TEBI:
            o.exponent = 5;
            break;
        case 'h':
            o.human = 1;
            break;
        case OPT_SI:
            o.si = 1;
            break;
        case 'w':
            o.wide = 1;
            break;
        case 't':
            o.total = 1;
            break;
        case OPT_JSON:
            o.json = 1;
            break;
        case 's':
            if (cli_parse_seconds(optarg, &o.delay) != 0 || o.delay <= 0)
                return cli_usage_error("free", FREE_USAGE,
                                       "seconds argument '%s' is not a positive number", optarg);
            repeat = 1;
            break;
        case 'c':
            if (cli_parse_count(optarg, &o.count) != 0)
                return cli_usage_error("free", FREE_USAGE,
                                       "count argument '%s' is not a positive integer", optarg);
            repeat = 1;
            break;
        case OPT_HELP:
            help();
            return CLI_OK;
        case ':':
            return cli_usage_error("free", FREE_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("free", FREE_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("free", FREE_USAGE, "unexpected argument '%s'", argv[optind]);
    if (repeat && o.delay == 0)
        o.delay = 1.0;
    for (long i = 0;; i++) {
        psutil_virtual_memory_t vm;
        psutil_swap_memory_t sw;
        int rc = psutil_virtual_memory(&vm);
        if (rc != 0)
            return cli_fail("virtual memory", rc);
        if ((rc = psutil_swap_memory(&sw)) != 0)
            return cli_fail("swap memory", rc);
        if (o.json)
            print_json(&vm, &sw, &o);
        else if (o.line)
            print_line(&vm, &sw, &o);
        else
            print_text(&vm, &sw, &o);
        if (cli_output_failed() || !repeat || (o.count > 0 && i + 1 >= o.count))
            break;
        if (!o.json)
            printf("\n");
        cli_sleep(o.delay);
    }
    return CLI_OK;
}
