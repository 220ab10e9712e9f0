/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_ps.c - `psutil ps`: every process like `ps aux` (USER PID %CPU %MEM VSZ RSS TTY
 * STAT START TIME COMMAND) from one process-table snapshot. %CPU is CPU time over
 * lifetime as ps computes it; STAT adds ps's flags (< N L s l +); START is HH:MM today,
 * MonDD this year, else the year. --sort KEY (prefix - to reverse), -u USER[,USER],
 * -p PID[,PID], --json.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ps_columns.h"

#define PS_USAGE                                                                                   \
    "psutil ps [aux] [-e|-A] [-f] [-o FORMAT] [-p PID[,PID...]] [-C NAME[,NAME...]] "              \
    "[-u USER[,USER...]] [-U USER,...] [--ppid PID,...] [-s SID,...] [-t TTY,...] [--forest] "     \
    "[--sort [-]KEY] "                                                                             \
    "[--json]"

/* --sort: qsort takes no context. */
static struct ps_sort sort_by;

/* A -u or -U name against a row's user where users are names only: the whole "DOMAIN\\user"
 * or the user alone, case-insensitively (Windows account names ignore case). */
static int user_is(const char *given, const char *euser)
{
    const char *bs = strrchr(euser, '\\');
    return strcasecmp(given, euser) == 0 || (bs && strcasecmp(given, bs + 1) == 0);
}

/* A -u or -U list: uids where users have numbers (POSIX), names where they do not. */
struct user_sel {
    long *uids;
    size_t n;
    char **names;
    size_t nnames;
    int given;
};

/* Adds the comma-separated users of list; -1 with the unknown one in bad. */
static int add_users(struct user_sel *sel, const char *list, char *bad, size_t bad_size)
{
    char *copy = cli_strdup(list), *save = NULL;
    sel->given = 1;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!cli_os_numeric_users) {
            sel->names = cli_realloc(sel->names, sel->nnames + 1, sizeof(*sel->names));
            sel->names[sel->nnames++] = cli_strdup(t);
            continue;
        }
        long uid = cli_os_uid_of(t);
        if (uid < 0) {
            snprintf(bad, bad_size, "%s", t);
            free(copy);
            return -1;
        }
        sel->uids = cli_realloc(sel->uids, sel->n + 1, sizeof(*sel->uids));
        sel->uids[sel->n++] = uid;
    }
    free(copy);
    return 0;
}

static int users_match(const struct user_sel *sel, int64_t uid, const char *name)
{
    for (size_t k = 0; k < sel->n; k++)
        if (sel->uids[k] == uid)
            return 1;
    for (size_t k = 0; k < sel->nnames; k++)
        if (user_is(sel->names[k], name))
            return 1;
    return 0;
}

static void free_strings(char **v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(v[k]);
    free(v);
}

static void free_users(struct user_sel *sel)
{
    free_strings(sel->names, sel->nnames);
    free(sel->uids);
}

/* procps's selections: -p, --ppid, -s, -C, -t, -u (effective users, ps's USER) and -U
 * (real ones). They add up: a process any of them names is listed. */
struct ps_select {
    long *pids, *ppids, *sids;
    size_t npids, nppids, nsids;
    char **names; /* -C */
    size_t nnames;
    char **ttys; /* -t: "pts/0", "" for none ("-" or "?") */
    size_t nttys;
    struct user_sel eusers, rusers;
};

static int select_any(const struct ps_select *s)
{
    return s->npids || s->nppids || s->nsids || s->nttys || s->nnames || s->eusers.given ||
           s->rusers.given;
}

static int select_wants(const struct ps_select *s, const psutil_proc_row_t *r)
{
    int want = 0;
    /* -C: the name as ps matches it (comm, 15 characters), or the full name. */
    for (size_t k = 0; k < s->nnames && !want; k++)
        want = strcmp(s->names[k], r->name) == 0 || strncmp(s->names[k], r->name, 15) == 0;
    for (size_t k = 0; k < s->npids && !want; k++)
        want = s->pids[k] == r->pid;
    for (size_t k = 0; k < s->nppids && !want; k++)
        want = s->ppids[k] == r->ppid;
    for (size_t k = 0; k < s->nsids && !want; k++)
        want = s->sids[k] == r->session;
    for (size_t k = 0; k < s->nttys && !want; k++)
        want = strcmp(s->ttys[k], r->terminal) == 0;
    if (!want && s->eusers.given)
        want = users_match(&s->eusers, r->euid, r->euser);
    if (!want && s->rusers.given)
        want = users_match(&s->rusers, r->uids.real, r->username);
    return want;
}

static void select_free(struct ps_select *s)
{
    free(s->pids);
    free(s->ppids);
    free(s->sids);
    free_strings(s->names, s->nnames);
    free_strings(s->ttys, s->nttys);
    free_users(&s->eusers);
    free_users(&s->rusers);
}

static int compare(const void *x, const void *y)
{
    return ps_sort_compare(&sort_by, x, y);
}

/* "1,2 3" → pids; -1 when malformed. */
static int parse_pids(const char *s, long **out, size_t *n)
{
    char *copy = cli_strdup(s), *save = NULL;
    size_t cap = *n + 8;
    size_t start = *n;
    *out = cli_realloc(*out, cap, sizeof(**out));
    for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        long v;
        if (cli_parse_count(t, &v) != 0) {
            free(copy);
            return -1;
        }
        if (*n == cap)
            *out = cli_realloc(*out, cap *= 2, sizeof(**out));
        (*out)[(*n)++] = v;
    }
    free(copy);
    return *n > start ? 0 : -1;
}

static void help(void)
{
    printf("Usage: " PS_USAGE "\n"
           "\n"
           "Every process, like ps aux; procps's selection and format options.\n"
           "\n"
           "  aux, ax         BSD forms: every process, ps aux's columns (the default)\n"
           "  -e, -A          every process (the default)\n"
           "  -f              full format: UID PID PPID C STIME TTY TIME CMD\n"
           "  -o FORMAT       procps columns, comma separated, repeatable; NAME=HEADER\n"
           "                  renames one, NAME= hides headers, NAME:WIDTH sets a width: %s\n"
           "  -p PID[,PID]    these processes (repeatable)\n"
           "  --ppid PID[,PID]  the children of these processes\n"
           "  -C NAME[,NAME]  processes with these names\n"
           "  -u USER[,USER]  these users' processes (effective user, name or number)\n"
           "  -U USER[,USER]  these real users' processes\n"
           "  -s, --sid SID[,SID]  processes of these sessions\n"
           "  -t, --tty TTY[,TTY]  processes on these terminals (pts/0, tty1; - for none)\n"
           "                  the selections add up, as procps's: a process any names\n"
           "  --forest        children below their parents, procps's \\_ tree\n"
           "  --sort [-]KEY   sort by pid, ppid, user, cpu, mem, vsz, rss, tty, stat, start,\n"
           "                  time, command, name, threads, uid, ni, pgid, sid or procps's\n"
           "                  names for them (etime, comm, nlwp, ...); a leading - reverses\n"
           "  --json          one JSON array (psutil's names; docs/schemas/ps.schema.json)\n"
           "\n"
           "Exit status 1 when the selections name no process (a liveness test).\n",
           ps_column_names());
}

int cmd_ps(int argc, char **argv)
{
    enum { OPT_SORT = 256, OPT_JSON, OPT_HELP, OPT_FOREST, OPT_PPID };
    static const struct option longs[] = {
        {"sort", required_argument, NULL, OPT_SORT},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, OPT_HELP},
        {"user", required_argument, NULL, 'u'},
        {"pid", required_argument, NULL, 'p'},
        {"forest", no_argument, NULL, OPT_FOREST},
        {"format", required_argument, NULL, 'o'},
        {"ppid", required_argument, NULL, OPT_PPID},
        {"sid", required_argument, NULL, 's'},
        {"tty", required_argument, NULL, 't'},
        {NULL, 0, NULL, 0},
    };
    int c, json = 0, full = 0, forest = 0, every = 0, sort_given = 0;
    struct ps_select sel = {0};
    struct ps_fmt fmt;
    fmt.n = 0;
    ps_sort_parse("pid", &sort_by);
    /* BSD forms ("ps aux", "ps ax", "ps -aux"): every process, ps aux's columns, which is
     * what psutil ps prints anyway. They are taken out before getopt sees them. */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-aux") == 0 || (a[0] && strspn(a, "aux") == strlen(a))) {
            for (int k = i; k + 1 < argc; k++)
                argv[k] = argv[k + 1];
            argc--;
            i--;
        }
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":u:U:p:o:C:s:t:eAf", longs, NULL)) != -1) {
        switch (c) {
        case 'e':
        case 'A':
            every = 1; /* every process: with -p, -C or -u, procps lists them all too */
            break;
        case 'f':
            full = 1;
            break;
        case OPT_FOREST:
            forest = 1;
            break;
        case 'o': {
            const char *bad;
            if (ps_format_add(&fmt, optarg, &bad) != 0) {
                select_free(&sel);
                return cli_usage_error("ps", PS_USAGE, "unknown format column '%s'", bad);
            }
            break;
        }
        case 'C': {
            char *copy = cli_strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                sel.names = cli_realloc(sel.names, sel.nnames + 1, sizeof(*sel.names));
                sel.names[sel.nnames++] = cli_strdup(t);
            }
            free(copy);
            break;
        }
        case OPT_SORT:
            if (ps_sort_parse(optarg, &sort_by) != 0) {
                select_free(&sel);
                return cli_usage_error("ps", PS_USAGE, "unknown sort key '%s'", optarg);
            }
            sort_given = 1;
            break;
        case 'u':
        case 'U': {
            /* Names or numbers, resolved once to uids. */
            char bad[256];
            if (add_users(c == 'u' ? &sel.eusers : &sel.rusers, optarg, bad, sizeof(bad)) != 0) {
                select_free(&sel);
                return cli_usage_error("ps", PS_USAGE, "unknown user '%s'", bad);
            }
            break;
        }
        case 'p':
        case OPT_PPID:
        case 's':
            if (parse_pids(optarg,
                           c == 'p'   ? &sel.pids
                           : c == 's' ? &sel.sids
                                      : &sel.ppids,
                           c == 'p'   ? &sel.npids
                           : c == 's' ? &sel.nsids
                                      : &sel.nppids) != 0) {
                select_free(&sel);
                return cli_usage_error("ps", PS_USAGE, "malformed %s list '%s'",
                                       c == 's' ? "session" : "pid", optarg);
            }
            break;
        case 't': {
            char *copy = cli_strdup(optarg), *save = NULL;
            for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
                if (strncmp(t, "/dev/", 5) == 0)
                    t += 5;
                sel.ttys = cli_realloc(sel.ttys, sel.nttys + 1, sizeof(*sel.ttys));
                sel.ttys[sel.nttys++] =
                    cli_strdup(strcmp(t, "-") == 0 || strcmp(t, "?") == 0 ? "" : t);
            }
            free(copy);
            break;
        }
        case OPT_JSON:
            json = 1;
            break;
        case OPT_HELP:
            help();
            select_free(&sel);
            return CLI_OK;
        case ':':
            select_free(&sel);
            return cli_usage_error("ps", PS_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            select_free(&sel);
            return cli_usage_error("ps", PS_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    if (optind < argc) {
        select_free(&sel);
        return cli_usage_error("ps", PS_USAGE, "unexpected argument '%s'", argv[optind]);
    }

    /* procps's columns: -o FORMAT, -f, or ps aux's (u format). */
    if (!json && !fmt.n && full)
        ps_format_full(&fmt);
    else if (!json && !fmt.n) {
        const char *bad;
        ps_format_add(&fmt, "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args", &bad);
    }
    psutil_proc_row_t *t;
    size_t n;
    psutil_virtual_memory_t vm;
    /* USER is the effective user, as procps (one fstat per process); the JSON's
     * "username" is psutil's, the real uid's. status is read only when asked: for it, for
     * -U, ruser and ruid, and for STAT's L flag (VmLck). */
    const uint32_t fields =
        PSUTIL_PF_NAME | PSUTIL_PF_EUSER | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |
        PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY | PSUTIL_PF_NUM_THREADS | PSUTIL_PF_NICE |
        PSUTIL_PF_TERMINAL | PSUTIL_PF_CMDLINE | PSUTIL_PF_PPID |
        (json || sel.rusers.given || ps_format_needs_real_user(&fmt) ? PSUTIL_PF_USERNAME : 0) |
        (sel.rusers.given || ps_format_needs_real_user(&fmt) ? PSUTIL_PF_UIDS : 0) |
        (json || ps_format_needs_locked(&fmt) ? PSUTIL_PF_LOCKED : 0) |
        (ps_format_needs_cgroup(&fmt) ? PSUTIL_PF_CGROUP : 0);
    int rc = psutil_virtual_memory(&vm);
    if (rc == 0)
        rc = psutil_proc_table(fields, &t, &n);
    if (rc != 0) {
        select_free(&sel);
        return cli_fail("process table", rc);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    struct ps_item *rows = cli_alloc(n, sizeof(*rows));
    size_t m = 0;
    /* procps ORs the selections: a process any of them names is listed; -e lists every
     * one. */
    int selecting = !every && select_any(&sel);
    for (size_t i = 0; i < n; i++) {
        const psutil_proc_row_t *r = &t[i];
        if (selecting && !select_wants(&sel, r))
            continue;
        double cputime = r->cpu.user + r->cpu.system, age = now - r->create_time;
        rows[m].r = r;
        rows[m].cputime = cputime;
        rows[m].pcpu = age > 0 ? cputime / age * 100.0 : 0.0;
        rows[m].pmem = vm.total ? (double)r->rss / (double)vm.total * 100.0 : 0.0;
        rows[m].depth = 0;
        rows[m].more = 0;
        rows[m].up = NULL;
        m++;
    }
    qsort(rows, m, sizeof(*rows), compare);
    if (forest)
        ps_forest(rows, m, sort_given);
    int selected_nothing = selecting && m == 0;
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
    if (json) {
        cli_json j;
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
        for (size_t i = 0; i < m; i++) {
            /* psutil's names and shapes (Process.as_dict); "stat" is ps's STAT column. */
            const psutil_proc_row_t *r = rows[i].r;
            char st[8];
            ps_stat_text(r, st);
            json_object_begin(&j, NULL);
            json_i64(&j, "pid", r->pid);
            json_i64(&j, "ppid", r->ppid);
            json_string(&j, "username", r->username);
            json_string(&j, "name", r->name);
            json_round(&j, "cpu_percent", rows[i].pcpu, 1);
            json_round(&j, "memory_percent", rows[i].pmem, 1);
            json_object_begin(&j, "memory_info");
            json_u64(&j, "rss", r->rss);
            json_u64(&j, "vms", r->vms);
            json_object_end(&j);
            if (r->terminal[0])
                json_string(&j, "terminal", r->terminal);
            else
                json_null(&j, "terminal");
            json_string(&j, "status", psutil_proc_status_name(r->status));
            json_string(&j, "stat", st);
            json_i64(&j, "nice", r->nice);
            json_round(&j, "create_time", r->create_time, 2);
            json_object_begin(&j, "cpu_times");
            json_round(&j, "user", r->cpu.user, 2);
            json_round(&j, "system", r->cpu.system, 2);
            json_round(&j, "children_user", r->cpu.children_user, 2);
            json_round(&j, "children_system", r->cpu.children_system, 2);
            json_round(&j, "iowait", r->cpu.iowait, 2);
            json_object_end(&j);
            json_i64(&j, "num_threads", r->num_threads);
            json_args(&j, "cmdline", r->args, r->args_len);
            json_object_end(&j);
        }
        json_array_end(&j);
        json_finish(&j);
    } else {
        struct ps_ctx ctx = {now, cli_os_pid_width(), forest};
        ps_print_header(&fmt, &ctx);
        for (size_t i = 0; i < m; i++)
            ps_print_row(&fmt, &rows[i], &ctx);
    }
    cli_output_failed();
    setvbuf(stdout, NULL, _IOLBF, 0);
    free(rows);
    select_free(&sel);
    psutil_free(t);
    /* procps: a selection that matched nothing exits 1, so `ps -p PID` tests liveness. */
    return selected_nothing ? CLI_ERROR : CLI_OK;
}
