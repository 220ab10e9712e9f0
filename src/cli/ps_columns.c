/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ps_columns.c - procps's output columns for `psutil ps -o FORMAT` and `-f`: each column's
 * name (and procps's aliases), header, width and alignment, and how a row fills it, as
 * procps-ng's ps prints them (ps(1), "STANDARD FORMAT SPECIFIERS"); the --forest
 * ordering with procps's " \_ " indentation; and --sort's keys (a column's names, and a
 * few sort-only names) and order. Strings a process controls go through cli_safe(). The
 * last column is not padded.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps_columns.h"

enum {
    C_PID,
    C_PPID,
    C_USER,
    C_UID,
    C_COMM,
    C_ARGS,
    C_STAT,
    C_PCPU,
    C_PMEM,
    C_RSS,
    C_VSZ,
    C_NLWP,
    C_LSTART,
    C_ETIME,
    C_TIME,
    C_TTY,
    C_NI,
    C_PRI,
    C_PGID,
    C_SID,
    C_C,
    C_STIME,
    C_CGROUP,
    C_CONTAINER,
    C_RUSER,
    C_RUID,
    C_S,
    C_BSDTIME,
    C_COUNT
};

/* What --sort orders by. */
enum {
    S_NONE, /* the column is not a sort key */
    S_PID,
    S_PPID,
    S_USER,
    S_PCPU,
    S_PMEM,
    S_VSZ,
    S_RSS,
    S_TTY,
    S_STATE,
    S_START,
    S_ELAPSED, /* the start, the other way round: elapsed time grows as the start falls */
    S_TIME,
    S_ARGS,
    S_COMM,
    S_NLWP,
    S_UID,
    S_NI,
    S_PGID,
    S_SID
};

static const struct column {
    const char *names; /* the name and its aliases, space separated; "alias/HEADER" where
                          procps heads the alias otherwise (cmd is CMD, tgid TGID) */
    const char *header;
    int width; /* 0: the PID width */
    int right; /* right-aligned */
    int sort;  /* what --sort NAME orders by (S_NONE: not a key) */
} columns[C_COUNT] = {
    [C_PID] = {"pid tgid/TGID", "PID", 0, 1, S_PID},
    [C_PPID] = {"ppid", "PPID", 0, 1, S_PPID},
    [C_USER] = {"user euser/EUSER uname", "USER", 8, 0, S_USER},
    [C_UID] = {"uid euid/EUID", "UID", 5, 1, S_UID},
    [C_COMM] = {"comm ucomm ucmd/CMD", "COMMAND", 15, 0, S_COMM},
    [C_ARGS] = {"args cmd/CMD command", "COMMAND", 27, 0, S_ARGS},
    [C_STAT] = {"stat", "STAT", 4, 0, S_STATE},
    [C_PCPU] = {"pcpu %cpu", "%CPU", 4, 1, S_PCPU},
    [C_PMEM] = {"pmem %mem", "%MEM", 4, 1, S_PMEM},
    [C_RSS] = {"rss rssize rsz/RSZ", "RSS", 5, 1, S_RSS},
    [C_VSZ] = {"vsz vsize", "VSZ", 6, 1, S_VSZ},
    [C_NLWP] = {"nlwp thcount/THCNT", "NLWP", 4, 1, S_NLWP},
    [C_LSTART] = {"lstart", "STARTED", 24, 1, S_START},
    [C_ETIME] = {"etime", "ELAPSED", 11, 1, S_ELAPSED},
    [C_TIME] = {"time cputime", "TIME", 8, 1, S_TIME},
    [C_TTY] = {"tty tt tname/TTY", "TT", 8, 0, S_TTY},
    [C_NI] = {"ni nice", "NI", 3, 1, S_NI},
    [C_PRI] = {"pri", "PRI", 3, 1, S_NONE},
    [C_PGID] = {"pgid pgrp/PGRP", "PGID", 0, 1, S_PGID},
    [C_SID] = {"sid sess/SESS session/SESS", "SID", 0, 1, S_SID},
    [C_C] = {"c", "C", 2, 1, S_PCPU},
    [C_STIME] = {"stime start_time/START", "STIME", 5, 0, S_START},
    [C_CGROUP] = {"cgroup", "CGROUP", 27, 0, S_NONE},
    [C_CONTAINER] = {"container", "CONTAINER", 12, 0, S_NONE},
    [C_RUSER] = {"ruser", "RUSER", 8, 0, S_NONE},
    [C_RUID] = {"ruid", "RUID", 5, 1, S_NONE},
    [C_S] = {"s state", "S", 1, 0, S_STATE},
    [C_BSDTIME] = {"bsdtime", "TIME", 6, 1, S_TIME},
};

/* Sort keys that are no -o column: psutil's names (the JSON's and the aux header's), and
 * procps's sort-only specifiers. */
static const struct {
    const char *name;
    int sort;
} sort_names[] = {
    {"cpu", S_PCPU},       {"mem", S_PMEM},     {"start", S_START},    {"command", S_ARGS},
    {"name", S_COMM},      {"threads", S_NLWP}, {"etimes", S_ELAPSED}, {"cputimes", S_TIME},
    {"bsdstart", S_START}, {"fname", S_COMM},
};

/* The column a name or alias selects, and in *header (*hlen bytes) the header procps
 * gives that name. */
static int find_column(const char *name, size_t n, const char **header, size_t *hlen)
{
    for (int c = 0; c < C_COUNT; c++) {
        const char *p = columns[c].names;
        while (*p) {
            size_t len = strcspn(p, " ");
            size_t nl = strcspn(p, " /");
            if (nl == n && strncmp(p, name, n) == 0) {
                *header = nl < len ? p + nl + 1 : columns[c].header;
                *hlen = nl < len ? len - nl - 1 : strlen(columns[c].header);
                return c;
            }
            p += len;
            p += *p == ' ';
        }
    }
    return -1;
}

const char *ps_column_names(void)
{
    return "pid ppid user uid ruser ruid comm args stat s pcpu pmem rss vsz nlwp lstart etime time "
           "bsdtime tty ni pri pgid sid c stime cgroup container (and procps's aliases: %cpu, "
           "%mem, cmd, "
           "command, ...)";
}

int ps_format_add(struct ps_fmt *fmt, const char *spec, const char **bad)
{
    static char copy[256];
    const char *p = spec;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        /* "name=HEADER": the header runs to the next comma or space, as Debian 12's
         * procps-ng 4 reads it ("pid=,comm=" is two headerless columns). */
        size_t len = strcspn(p, ",=: "), hlen;
        const char *head;
        int c = find_column(p, len, &head, &hlen);
        if (c < 0 || fmt->n == PS_MAX_COLUMNS) {
            snprintf(copy, sizeof(copy), "%.*s", (int)len, p);
            *bad = copy;
            return -1;
        }
        fmt->col[fmt->n] = c;
        fmt->width[fmt->n] = 0;
        if (p[len] == ':') {
            /* procps's "name:WIDTH": 1 to 4 digits. */
            const char *w = p + len + 1;
            size_t wl = strspn(w, "0123456789");
            if (wl == 0 || wl > 4 || (w[wl] && !strchr(",= ", w[wl]))) {
                snprintf(copy, sizeof(copy), "%.*s", (int)(len + 1 + strcspn(w, ",= ")), p);
                *bad = copy;
                return -1;
            }
            fmt->width[fmt->n] = atoi(w);
            len += 1 + wl;
        }
        if (p[len] == '=') {
            const char *h = p + len + 1;
            size_t hl = strcspn(h, ", ");
            snprintf(fmt->header[fmt->n], sizeof(fmt->header[0]), "%.*s", (int)hl, h);
            fmt->n++;
            p = h + hl;
            continue;
        }
        snprintf(fmt->header[fmt->n], sizeof(fmt->header[0]), "%.*s", (int)hlen, head);
        fmt->n++;
        p += len;
    }
    return 0;
}

void ps_format_full(struct ps_fmt *fmt)
{
    static const int full[] = {C_USER, C_PID, C_PPID, C_C, C_STIME, C_TTY, C_TIME, C_ARGS};
    static const char *const heads[] = {"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"};
    for (size_t i = 0; i < sizeof(full) / sizeof(full[0]) && fmt->n < PS_MAX_COLUMNS; i++) {
        fmt->col[fmt->n] = full[i];
        fmt->width[fmt->n] = 0;
        snprintf(fmt->header[fmt->n++], sizeof(fmt->header[0]), "%s", heads[i]);
    }
}

static int width_of(int c, const struct ps_ctx *ctx)
{
    return columns[c].width ? columns[c].width : ctx->pid_width;
}

/* A column is as wide as its values or its header, whichever is wider (procps widens
 * "ni=NICE" to four). */
static int cell_width(const struct ps_fmt *fmt, size_t i, const struct ps_ctx *ctx)
{
    if (fmt->width[i] > 0) /* "name:WIDTH" is taken as given, even below the header's */
        return fmt->width[i];
    int w = width_of(fmt->col[i], ctx);
    size_t h = strlen(fmt->header[i]);
    return (size_t)w < h ? (int)h : w;
}

void ps_stat_text(const psutil_proc_row_t *r, char buf[8])
{
    char *w = buf;
    *w++ = cli_state_letter(r->status);
    if (r->nice < 0)
        *w++ = '<';
    else if (r->nice > 0 && r->nice <= 19) /* a nice value; Windows' classes are >= 32 */
        *w++ = 'N';
    if (r->locked)
        *w++ = 'L';
    if (r->pid == r->session)
        *w++ = 's';
    if (r->num_threads > 1)
        *w++ = 'l';
    if (r->terminal[0] && r->tpgid == r->pgrp)
        *w++ = '+';
    *w = '\0';
}

/* [[dd-]hh:]mm:ss for etime, [dd-]hh:mm:ss for time, as procps. */
static void clock_text(char *buf, size_t size, long s, int always_hours)
{
    long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
    if (d > 0)
        snprintf(buf, size, "%ld-%02ld:%02ld:%02ld", d, h, m, sec);
    else if (h > 0 || always_hours)
        snprintf(buf, size, "%02ld:%02ld:%02ld", h, m, sec);
    else
        snprintf(buf, size, "%02ld:%02ld", m, sec);
}

/* The value of column c for one process, in buf (or a pointer to process text). */
/* Column c's text for a row, `width` wide as printed (the last column is never cut). */
static const char *cell(int c, int width, int last, const struct ps_item *it,
                        const struct ps_ctx *ctx, char *buf, size_t size)
{
    const psutil_proc_row_t *r = it->r;
    time_t t;
    struct tm tm;
    switch (c) {
    case C_PID:
        snprintf(buf, size, "%lld", (long long)r->pid);
        return buf;
    case C_PPID:
        snprintf(buf, size, "%lld", (long long)r->ppid);
        return buf;
    case C_PGID:
        snprintf(buf, size, "%lld", (long long)r->pgrp);
        return buf;
    case C_SID:
        snprintf(buf, size, "%lld", (long long)r->session);
        return buf;
    case C_USER:
    case C_RUSER: {
        /* procps cuts a name wider than the column to width - 1 and a '+'. */
        const char *u = cli_safe(c == C_USER ? r->euser : r->username);
        if (!last && strlen(u) > (size_t)width)
            snprintf(buf, size, "%.*s+", width > 1 ? width - 1 : 0, u);
        else
            snprintf(buf, size, "%s", u);
        return buf;
    }
    case C_UID:
        snprintf(buf, size, "%lld", (long long)r->euid);
        return buf;
    case C_RUID:
        snprintf(buf, size, "%lld", (long long)r->uids.real);
        return buf;
    case C_S: /* the state letter alone */
        snprintf(buf, size, "%c", cli_state_letter(r->status));
        return buf;
    case C_COMM:
    case C_ARGS: {
        const char *text = c == C_COMM || !r->cmdline[0] ? r->name : r->cmdline;
        int zombie = r->status == PSUTIL_STATUS_ZOMBIE;
        size_t off = 0;
        buf[0] = '\0';
        if (ctx->forest && it->depth > 0) {
            /* procps's prefix: a " |  " under each ancestor that a sibling follows, else
             * four spaces, then " \\_ "; filled from the right, walking up. */
            off = 4 * (size_t)it->depth;
            if (off + 1 > size)
                off = 0; /* print_row sized buf for it: never */
            else {
                memcpy(buf + off - 4, " \\_ ", 4);
                const struct ps_item *a = it->up;
                for (int d = it->depth - 1; d >= 1; d--) {
                    while (a && a->depth > d) /* not for a well-formed forest */
                        a = a->up;
                    memcpy(buf + 4 * (size_t)(d - 1),
                           a && a->depth == d && a->more ? " |  " : "    ", 4);
                    a = a ? a->up : NULL;
                }
            }
        }
        /* Kernel threads and zombies have no command line: args shows [name], and a
         * zombie's "<defunct>", as procps; comm is the name alone. */
        if (c == C_ARGS && (!r->cmdline[0] || zombie))
            snprintf(buf + off, size - off, "[%s]%s", cli_safe(r->name),
                     zombie ? " <defunct>" : "");
        else
            snprintf(buf + off, size - off, "%s", cli_safe(text));
        return buf;
    }
    case C_STAT:
        ps_stat_text(r, buf);
        return buf;
    case C_PCPU:
        /* procps truncates to tenths (integer arithmetic), it does not round. */
        snprintf(buf, size, "%.1f", (double)(long long)(it->pcpu * 10.0) / 10.0);
        return buf;
    case C_C:
        snprintf(buf, size, "%d", (int)it->pcpu);
        return buf;
    case C_PMEM:
        snprintf(buf, size, "%.1f", (double)(long long)(it->pmem * 10.0) / 10.0);
        return buf;
    case C_RSS:
        snprintf(buf, size, "%llu", (unsigned long long)(r->rss / 1024));
        return buf;
    case C_VSZ:
        snprintf(buf, size, "%llu", (unsigned long long)(r->vms / 1024));
        return buf;
    case C_NLWP:
        snprintf(buf, size, "%lld", (long long)r->num_threads);
        return buf;
    case C_LSTART:
        t = (time_t)r->create_time;
        localtime_r(&t, &tm);
        {
            /* "%a %b %e %H:%M:%S %Y", with %e (day, space-padded) written by hand: not
             * every C library's strftime has it. */
            char a[16], b[16];
            strftime(a, sizeof(a), "%a %b", &tm);
            strftime(b, sizeof(b), "%H:%M:%S %Y", &tm);
            snprintf(buf, size, "%s %2d %s", a, tm.tm_mday, b);
        }
        return buf;
    case C_STIME: {
        /* procps: the time when the process started today (by the local calendar, not
         * within 24 hours), the month and day this year, else the year. */
        time_t now = (time_t)ctx->now;
        struct tm tn;
        t = (time_t)r->create_time;
        localtime_r(&t, &tm);
        localtime_r(&now, &tn);
        if (tm.tm_year != tn.tm_year)
            strftime(buf, size, "%Y", &tm);
        else if (tm.tm_yday != tn.tm_yday)
            strftime(buf, size, "%b%d", &tm);
        else
            strftime(buf, size, "%H:%M", &tm);
        return buf;
    }
    case C_ETIME: {
        double age = ctx->now - r->create_time;
        clock_text(buf, size, age > 0 ? (long)age : 0, 0);
        return buf;
    }
    case C_TIME:
        clock_text(buf, size, (long)it->cputime, 1);
        return buf;
    case C_BSDTIME: /* minutes:seconds, as ps aux's TIME */
        snprintf(buf, size, "%ld:%02ld", (long)it->cputime / 60, (long)it->cputime % 60);
        return buf;
    case C_TTY:
        snprintf(buf, size, "%s", r->terminal[0] ? cli_safe(r->terminal) : "?");
        return buf;
    case C_CGROUP: /* procps: "-" when the process is at every hierarchy's root */
        snprintf(buf, size, "%s", r->cgroup[0] ? cli_safe(r->cgroup) : "-");
        return buf;
    case C_CONTAINER: /* the short id, as docker ps shows it */
        snprintf(buf, size, "%.12s", r->container_id[0] ? r->container_id : "-");
        return buf;
    case C_NI:
        snprintf(buf, size, "%d", r->nice);
        return buf;
    case C_PRI:
        /* procps's pri for the normal scheduling class: 19 - nice (0 -> 19, -10 -> 29). */
        snprintf(buf, size, "%d", 19 - r->nice);
        return buf;
    default:
        buf[0] = '\0';
        return buf;
    }
}

/* Prints one cell. A value wider than its column pushes the rest of the row right, and
 * procps takes the overflow back from the following columns' padding: *excess carries
 * it from cell to cell. */
static void put_cell(const char *text, int width, int right, int last, int first, int cut,
                     int *excess)
{
    int eff = width - *excess, len = (int)strlen(text);
    if (eff < 0)
        eff = 0;
    if (!first)
        putchar(' ');
    if (cut && !last && !right && len > width) {
        /* Text that is not the last column is cut at the column's width, as procps cuts
         * args in "-o args,pid", on a character boundary (never inside UTF-8). */
        int cut = width;
        while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
            cut--;
        printf("%.*s%*s", cut, text, width - cut, "");
        *excess = 0;
        return;
    }
    if (last && !right)
        fputs(text, stdout);
    else if (right)
        printf("%*s", eff, text);
    else
        printf("%-*s", eff, text);
    int printed = len > eff ? len : eff;
    *excess += printed - width;
    if (*excess < 0)
        *excess = 0;
}

void ps_print_header(const struct ps_fmt *fmt, const struct ps_ctx *ctx)
{
    int any = 0;
    for (size_t i = 0; i < fmt->n; i++)
        any |= fmt->header[i][0] != '\0';
    if (!any)
        return;
    int excess = 0;
    for (size_t i = 0; i < fmt->n; i++) {
        int c = fmt->col[i];
        /* A header is never cut: what it overflows, the next columns take in. */
        put_cell(fmt->header[i], cell_width(fmt, i, ctx), columns[c].right, i + 1 == fmt->n, i == 0,
                 0, &excess);
    }
    putchar('\n');
}

void ps_print_row(const struct ps_fmt *fmt, const struct ps_item *it, const struct ps_ctx *ctx)
{
    static char *buf;
    static size_t cap;
    /* Command lines are unbounded: the cell buffer grows to hold any. */
    size_t need = strlen(it->r->cmdline) + strlen(it->r->name) + 64 + 4 * (size_t)it->depth;
    if (need > cap) {
        cap = need * 2;
        buf = cli_realloc(buf, cap, 1);
    }
    int excess = 0;
    for (size_t i = 0; i < fmt->n; i++) {
        int c = fmt->col[i];
        int width = cell_width(fmt, i, ctx);
        const char *text = cell(c, width, i + 1 == fmt->n, it, ctx, buf, cap);
        put_cell(text, width, columns[c].right, i + 1 == fmt->n, i == 0, 1, &excess);
    }
    putchar('\n');
}

/* --- forest -------------------------------------------------------------------------- */

static int cmp_item_pid(const void *a, const void *b)
{
    const struct ps_item *x = a, *y = b;
    return (x->r->pid > y->r->pid) - (x->r->pid < y->r->pid);
}

/* procps's forest order without --sort: by parent, then start time, then pid. */
static int cmp_item_forest(const void *a, const void *b)
{
    const psutil_proc_row_t *x = ((const struct ps_item *)a)->r,
                            *y = ((const struct ps_item *)b)->r;
    if (x->ppid != y->ppid)
        return (x->ppid > y->ppid) - (x->ppid < y->ppid);
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->pid > y->pid) - (x->pid < y->pid);
}

struct forest {
    const struct ps_item *items; /* by pid */
    struct ps_item *out;
    size_t k;
    size_t *path;   /* path[d]: where in out the process at tree depth d on the path went */
    int init_depth; /* the depth of pid 1 while its subtree is drawn, else -1 */
};

/* procps draws init's children at init's own level (its "adopted" rule), and so each
 * process below pid 1 one level higher than the tree has it. */
static void take(void *ctx, size_t i, int depth, int last)
{
    struct forest *f = ctx;
    if (f->init_depth >= 0 && depth <= f->init_depth)
        f->init_depth = -1;
    int shown = f->init_depth >= 0 ? depth - 1 : depth;
    if (f->items[i].r->pid == 1)
        f->init_depth = depth;
    struct ps_item *o = &f->out[f->k];
    *o = f->items[i];
    o->depth = shown;
    o->more = !last;
    o->up = depth > 0 ? &f->out[f->path[depth - 1]] : NULL;
    f->path[depth] = f->k++;
}

void ps_forest(struct ps_item *items, size_t n, int sorted)
{
    if (!sorted)
        qsort(items, n, sizeof(*items), cmp_item_forest);
    /* The walk takes pids in ascending order, and visits siblings, and roots backwards,
     * in the items' order, as procps walks its sorted list. */
    struct ps_item *byp = cli_alloc(n, sizeof(*byp));
    memcpy(byp, items, n * sizeof(*items));
    qsort(byp, n, sizeof(*byp), cmp_item_pid);
    psutil_pid_t *pids = cli_alloc(n, sizeof(*pids)), *ppids = cli_alloc(n, sizeof(*ppids));
    for (size_t i = 0; i < n; i++) {
        pids[i] = byp[i].r->pid;
        ppids[i] = byp[i].r->ppid;
    }
    size_t *order = cli_alloc(n, sizeof(*order));
    for (size_t j = 0; j < n; j++) {
        const struct ps_item *at = bsearch(&items[j], byp, n, sizeof(*byp), cmp_item_pid);
        order[j] = (size_t)(at - byp);
    }
    struct forest f = {byp, items, 0, cli_alloc(n, sizeof(size_t)), -1};
    cli_tree_walk(pids, ppids, n, n, order, 1, take, &f);
    free(f.path);
    free(order);
    free(byp);
    free(pids);
    free(ppids);
}

int ps_format_needs_real_user(const struct ps_fmt *fmt)
{
    for (size_t i = 0; i < fmt->n; i++)
        if (fmt->col[i] == C_RUSER || fmt->col[i] == C_RUID)
            return 1;
    return 0;
}

int ps_format_needs_locked(const struct ps_fmt *fmt)
{
    for (size_t i = 0; i < fmt->n; i++)
        if (fmt->col[i] == C_STAT)
            return 1;
    return 0;
}

int ps_format_needs_cgroup(const struct ps_fmt *fmt)
{
    for (size_t i = 0; i < fmt->n; i++)
        if (fmt->col[i] == C_CGROUP || fmt->col[i] == C_CONTAINER)
            return 1;
    return 0;
}

int ps_sort_parse(const char *spec, struct ps_sort *out)
{
    const char *k = spec;
    int desc = *k == '-';
    k += *k == '-' || *k == '+';
    const char *head;
    size_t hlen;
    int sort = S_NONE, c = find_column(k, strlen(k), &head, &hlen);
    if (c >= 0)
        sort = columns[c].sort;
    for (size_t i = 0; c < 0 && i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
        if (strcmp(k, sort_names[i].name) == 0)
            sort = sort_names[i].sort;
    if (sort == S_NONE)
        return -1;
    out->key = sort == S_ELAPSED ? S_START : sort;
    out->desc = desc ^ (sort == S_ELAPSED);
    return 0;
}

static int cmp_num(double a, double b)
{
    return a < b ? -1 : a > b;
}

/* The args column as shown: the command line, or "[name]" for a kernel thread or a
 * zombie, which procps sorts by that text. */
static const char *shown_args(const psutil_proc_row_t *r, char *buf, size_t size)
{
    if (r->cmdline[0] && r->status != PSUTIL_STATUS_ZOMBIE)
        return r->cmdline;
    snprintf(buf, size, "[%s]", r->name);
    return buf;
}

int ps_sort_compare(const struct ps_sort *s, const struct ps_item *a, const struct ps_item *b)
{
    const psutil_proc_row_t *x = a->r, *y = b->r;
    int c = 0;
    switch (s->key) {
    case S_PID:
        break;
    case S_PPID:
        c = cmp_num((double)x->ppid, (double)y->ppid);
        break;
    case S_USER:
        c = strcmp(x->euser, y->euser);
        break;
    case S_PCPU:
        c = cmp_num(a->pcpu, b->pcpu);
        break;
    case S_PMEM:
        c = cmp_num(a->pmem, b->pmem);
        break;
    case S_VSZ:
        c = cmp_num((double)x->vms, (double)y->vms);
        break;
    case S_RSS:
        c = cmp_num((double)x->rss, (double)y->rss);
        break;
    case S_TTY:
        c = strcmp(x->terminal, y->terminal);
        break;
    case S_STATE: /* procps orders by the state letter alone */
        c = cmp_num(cli_state_letter(x->status), cli_state_letter(y->status));
        break;
    case S_START:
        c = cmp_num(x->create_time, y->create_time);
        break;
    case S_TIME:
        c = cmp_num(a->cputime, b->cputime);
        break;
    case S_ARGS: {
        char p[512], q[512];
        c = strcmp(shown_args(x, p, sizeof(p)), shown_args(y, q, sizeof(q)));
        break;
    }
    case S_COMM:
        c = strcmp(x->name, y->name);
        break;
    case S_NLWP:
        c = cmp_num((double)x->num_threads, (double)y->num_threads);
        break;
    case S_UID:
        c = cmp_num((double)x->euid, (double)y->euid);
        break;
    case S_NI:
        c = cmp_num(x->nice, y->nice);
        break;
    case S_PGID:
        c = cmp_num((double)x->pgrp, (double)y->pgrp);
        break;
    case S_SID:
        c = cmp_num((double)x->session, (double)y->session);
        break;
    default:
        break;
    }
    /* Ties keep pid order either way, as procps's stable sort of its pid-ordered list;
     * a pid sort is the pid order, reversed when asked. */
    if (c != 0)
        return s->desc ? -c : c;
    c = cmp_num((double)x->pid, (double)y->pid);
    return s->key == S_PID && s->desc ? -c : c;
}
