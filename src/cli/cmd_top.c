/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_top.c - `psutil top`: a live process viewer like top(1), on ncurses. Header:
 * uptime, users, load, task counts by state, one bar per CPU, memory and swap; then the
 * processes sorted by CPU (keys: P cpu, M memory, T time, N pid, q quit). -d SECONDS
 * between refreshes; -b batch mode prints plain text report after report (-n COUNT
 * bounds them) for scripts. CPU% per process comes from two process-table snapshots.
 */
#include <curses.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define TOP_USAGE "psutil top [-d SECONDS] [-b] [-n COUNT]"
#define FIELDS                                                                                     \
    (PSUTIL_PF_NAME | PSUTIL_PF_USERNAME | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                \
     PSUTIL_PF_MEMORY | PSUTIL_PF_NICE | PSUTIL_PF_NUM_THREADS)

enum sort_by { BY_CPU, BY_MEM, BY_TIME, BY_PID };

struct view {
    psutil_proc_row_t *rows;
    psutil_proc_rate_t *rates;
    size_t n;
    size_t *order;
    enum sort_by by;
};

static struct view *sorting;

static int cmp_rows(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    const psutil_proc_row_t *ra = &sorting->rows[a], *rb = &sorting->rows[b];
    double va = 0, vb = 0;
    switch (sorting->by) {
    case BY_CPU:
        va = sorting->rates[a].cpu_percent;
        vb = sorting->rates[b].cpu_percent;
        break;
    case BY_MEM:
        va = (double)ra->rss;
        vb = (double)rb->rss;
        break;
    case BY_TIME:
        va = ra->cpu.user + ra->cpu.system;
        vb = rb->cpu.user + rb->cpu.system;
        break;
    case BY_PID:
        return ra->pid < rb->pid ? -1 : ra->pid > rb->pid;
    }
    if (va != vb)
        return va > vb ? -1 : 1;
    return ra->pid < rb->pid ? -1 : ra->pid > rb->pid;
}

/* The lines of one report, written through `out` (printf or ncurses). */
typedef void (*line_fn)(void *ctx, int bold, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct view *v, psutil_cpu_sampler_t *cpus, line_fn out, void *ctx,
                   size_t max_rows)
{
    psutil_loadavg_t load = {0, 0, 0};
    psutil_virtual_memory_t vm = {0};
    psutil_swap_memory_t sw = {0};
    double boot = 0;
    psutil_cpu_percent_t *per = NULL;
    size_t ncpu = 0, nusers = 0;
    psutil_user_t *users;
    psutil_getloadavg(&load);
    psutil_virtual_memory(&vm);
    psutil_swap_memory(&sw);
    psutil_boot_time(&boot);
    if (psutil_users(&users, &nusers) == 0)
        psutil_free(users);
    time_t now = time(NULL);
    struct tm tm;
    char clock[16];
    localtime_r(&now, &tm);
    strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
    long up = (long)((double)now - boot);
    out(ctx, 1,
        "psutil top - %s up %ld days, %2ld:%02ld, %zu user%s, load average: %.2f, %.2f, %.2f",
        clock, up / 86400, up % 86400 / 3600, up % 3600 / 60, nusers, nusers == 1 ? "" : "s",
        load.load1, load.load5, load.load15);
    size_t running = 0, sleeping = 0, stopped = 0, zombie = 0;
    for (size_t i = 0; i < v->n; i++) {
        int s = v->rows[i].status;
        running += s == PSUTIL_STATUS_RUNNING;
        sleeping +=
            s == PSUTIL_STATUS_SLEEPING || s == PSUTIL_STATUS_IDLE || s == PSUTIL_STATUS_DISK_SLEEP;
        stopped += s == PSUTIL_STATUS_STOPPED || s == PSUTIL_STATUS_TRACING_STOP;
        zombie += s == PSUTIL_STATUS_ZOMBIE;
    }
    out(ctx, 0, "Tasks: %zu total, %zu running, %zu sleeping, %zu stopped, %zu zombie", v->n,
        running, sleeping, stopped, zombie);
    if (psutil_cpu_percent_percpu(cpus, &per, &ncpu) == 0) {
        for (size_t c = 0; c < ncpu; c++) {
            char bar[41];
            int fill = (int)lround(per[c].percent / 100.0 * 40.0);
            for (int k = 0; k < 40; k++)
                bar[k] = k < fill ? '|' : ' ';
            bar[40] = '\0';
            out(ctx, 0, "cpu%-3d [%s] %5.1f%%", per[c].cpu, bar, per[c].percent);
        }
        psutil_free(per);
    }
    const double mib = 1024.0 * 1024.0;
    out(ctx, 0, "MiB Mem : %9.1f total, %9.1f free, %9.1f used, %9.1f buff/cache",
        (double)vm.total / mib, (double)vm.free / mib, (double)vm.used / mib,
        (double)(vm.buffers + vm.cached) / mib);
    out(ctx, 0, "MiB Swap: %9.1f total, %9.1f free, %9.1f used. %9.1f avail Mem",
        (double)sw.total / mib, (double)sw.free / mib, (double)sw.used / mib,
        (double)vm.available / mib);
    out(ctx, 0, "%s", "");
    out(ctx, 1, "%7s %-8s %3s %8s %8s %1s %5s %5s %9s %s", "PID", "USER", "NI", "VIRT", "RES", "S",
        "%CPU", "%MEM", "TIME+", "COMMAND");
    for (size_t k = 0; k < v->n && k < max_rows; k++) {
        size_t i = v->order[k];
        const psutil_proc_row_t *r = &v->rows[i];
        double t = r->cpu.user + r->cpu.system;
        out(ctx, 0, "%7lld %-8.8s %3d %8llu %8llu %c %5.1f %5.1f %3ld:%02ld.%02ld %s",
            (long long)r->pid, cli_safe(r->username), r->nice, (unsigned long long)(r->vms / 1024),
            (unsigned long long)(r->rss / 1024), cli_state_letter(r->status),
            v->rates[i].cpu_percent, v->rates[i].mem_percent, (long)t / 60, (long)t % 60,
            (long)(fmod(t, 1.0) * 100), cli_safe(r->name));
    }
}

static void print_line(void *ctx, int bold, const char *fmt, ...)
{
    va_list ap;
    (void)ctx;
    (void)bold;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

struct screen {
    int row;
};

static void curses_line(void *ctx, int bold, const char *fmt, ...)
{
    struct screen *s = ctx;
    char buf[1024];
    va_list ap;
    if (s->row >= LINES)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (bold)
        attron(A_BOLD);
    mvaddnstr(s->row++, 0, buf, COLS);
    if (bold)
        attroff(A_BOLD);
}

/* Takes a new snapshot and computes rates against the previous one. */
static int refresh_view(struct view *v, psutil_proc_row_t **prev, size_t *prev_n, double interval)
{
    psutil_virtual_memory_t vm = {0};
    psutil_proc_row_t *rows;
    size_t n;
    int rc = psutil_proc_table(FIELDS, &rows, &n);
    if (rc != 0)
        return rc;
    psutil_virtual_memory(&vm);
    psutil_proc_rate_t *rates = cli_alloc(n, sizeof(*rates));
    size_t *order = cli_alloc(n, sizeof(*order));
    psutil_proc_table_rates(*prev, *prev_n, rows, n, interval, vm.total, rates);
    psutil_free(*prev);
    free(v->rates);
    free(v->order);
    *prev = rows;
    *prev_n = n;
    v->rows = rows;
    v->rates = rates;
    v->order = order;
    v->n = n;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sorting = v;
    qsort(order, n, sizeof(*order), cmp_rows);
    return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

int cmd_top(int argc, char **argv)
{
    static const struct option longs[] = {
        {"delay", required_argument, NULL, 'd'},
        {"batch", no_argument, NULL, 'b'},
        {"count", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    double delay = 2.0;
    long count = 0;
    int batch = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:bn:", longs, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (cli_parse_seconds(optarg, &delay) != 0 || delay < 0.01)
                return cli_usage_error("top", TOP_USAGE, "delay '%s' is not a number >= 0.01",
                                       optarg);
            break;
        case 'b':
            batch = 1;
            break;
        case 'n':
            if (cli_parse_count(optarg, &count) != 0)
                return cli_usage_error("top", TOP_USAGE, "count '%s' is not a positive integer",
                                       optarg);
            break;
        case 'h':
            printf("Usage: " TOP_USAGE "\n\nA live process viewer; keys: P cpu, M memory, T "
                   "time, N pid, q quit.\n");
            return CLI_OK;
        case ':':
            return cli_usage_error("top", TOP_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("top", TOP_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc)
        return cli_usage_error("top", TOP_USAGE, "unexpected argument '%s'", argv[optind]);
    if (!batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
        fprintf(stderr, "psutil top: not a terminal; use -b for batch mode\n");
        return CLI_USAGE;
    }

    struct view v = {NULL, NULL, 0, NULL, BY_CPU};
    psutil_proc_row_t *prev = NULL;
    size_t prev_n = 0;
    psutil_cpu_sampler_t cpus;
    int rc = psutil_cpu_sampler_init(&cpus);
    psutil_cpu_percent_t *warm;
    size_t nwarm;
    /* The first report needs a previous sample: take one and wait a short moment. */
    if (rc == 0 && psutil_cpu_percent_percpu(&cpus, &warm, &nwarm) == 0)
        psutil_free(warm);
    if (rc == 0)
        rc = refresh_view(&v, &prev, &prev_n, 1.0);
    double last = cli_now();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (rc == 0 && !batch) {
        initscr();
        cbreak();
        noecho();
        curs_set(0);
        keypad(stdscr, TRUE);
    }
    for (long iter = 0; rc == 0 && !stop && (count == 0 || iter < count); iter++) {
        double wait = iter == 0 ? fmin(delay, 0.5) : delay;
        if (batch) {
            cli_sleep(wait);
        } else {
            timeout(cli_ms(wait));
            int key = getch();
            if (key == 'q' || key == 'Q')
                break;
            if (key == 'P')
                v.by = BY_CPU;
            else if (key == 'M')
                v.by = BY_MEM;
            else if (key == 'T')
                v.by = BY_TIME;
            else if (key == 'N')
                v.by = BY_PID;
        }
        double now = cli_now();
        if ((rc = refresh_view(&v, &prev, &prev_n, now - last > 0 ? now - last : delay)) != 0)
            break;
        last = now;
        if (batch) {
            if (iter > 0)
                putchar('\n');
            report(&v, &cpus, print_line, NULL, (size_t)-1);
            fflush(stdout);
        } else {
            struct screen s = {0};
            erase();
            report(&v, &cpus, curses_line, &s, LINES > 8 ? (size_t)LINES : 0);
            refresh();
        }
    }
    if (!batch)
        endwin();
    psutil_free(prev);
    free(v.rates);
    free(v.order);
    psutil_cpu_sampler_destroy(&cpus);
    return rc == 0 ? CLI_OK : cli_fail("process table", rc);
}
