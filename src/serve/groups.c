/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * groups.c - process groups as prometheus-process-exporter makes them, read from its
 * YAML configuration as-is (libyaml):
 *
 *   process_names:
 *     - name: "{{.Comm}}"        # the group name, a template
 *       comm: [bash, zsh]        # stat's comm is one of these
 *     - exe: [/usr/sbin/sshd]    # argv[0] is this path (or, without '/', its basename)
 *     - name: "{{.ExeBase}}:{{.Matches.Cfg}}"
 *       cmdline: ['-c\s+(?P<Cfg>\S+)']  # every regex matches the joined command line
 *
 * A process joins the group of the first rule whose matchers all hold; a process no
 * rule takes joins the group of its nearest grouped ancestor (process-exporter's
 * -children, on by default). Templates: {{.Comm}}, {{.ExeBase}}, {{.ExeFull}},
 * {{.Username}}, {{.PID}}, {{.Matches.NAME}}; a rule without name is "{{.ExeBase}}".
 * Regexes are RE2's syntax translated to POSIX ERE: (?P<name>...), (?:...), \s \S \d
 * \D \w \W and escaped punctuation are understood; flags ((?i)), lazy quantifiers and
 * other RE2 extensions are refused when the file is read.
 *
 * Counters never go down and count from the exporter's first collection, as
 * process-exporter's: that collection is the baseline (the processes running then add
 * nothing of their past); afterwards a process seen before adds what it gained since, a
 * process new since adds all it has, and an ended one keeps what it added. Resident
 * memory is status's VmRSS, statm's resident (as psutil and procps read it;
 * process-exporter reads stat's rss, the kernel's per-CPU approximation, a few dozen
 * pages lower); swapped is VmSwap; worst_fd_ratio is the largest open fds over soft
 * open-files limit among the members. The figures come from a
 * psutil_proc_monitor_t kept from scrape to scrape, so a scrape preads files it already has open.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../cli/cli.h"
#include "serve.h"

struct rule {
    char *name; /* template */
    char **comm, **exe;
    size_t ncomm, nexe;
    struct serve_regex *cmdline;
    size_t ncmdline;
    int namemap; /* -namemapping's: named COMM:CAPTURE, the first capture not empty */
};

/* The counters a group adds up; in this order in the per-process state too. */
enum { C_USER, C_SYSTEM, C_READ, C_WRITE, C_MAJFLT, C_MINFLT, C_VOL, C_INVOL, N_COUNTERS };

struct group {
    char *name;
    double total[N_COUNTERS]; /* CPU in seconds, the others in bytes or counts */
};

/* A process seen at the previous collection: its group and figures. */
struct seen {
    psutil_pid_t pid;
    uint64_t start;
    size_t group;
    double v[N_COUNTERS];
};

struct groups {
    struct rule *rules;
    size_t nrules;
    struct group *g;
    size_t ng;
    struct seen *seen;
    size_t nseen;
    int primed;  /* the baseline collection is done */
    int recheck; /* process-exporter's -recheck: processes no group took are matched again */
    /* process-exporter's error counters: collections that failed whole, and grouped
     * processes some of whose figures could not be read (another user's io, fd/ or
     * limits without privileges; a zombie's). */
    double scrape_errors, partial_errors;
};

/* --- RE2 to POSIX ERE --------------------------------------------------------------- */

/* Appends s to *out (a growing string). */
static void put(char **out, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *out = cli_realloc(*out, *cap, 1);
    }
    memcpy(*out + *len, s, n + 1);
    *len += n;
}

/* Translates an RE2 pattern to an ERE compiled into r. 0, or -1 with why set. */
int serve_regex_compile(const char *src, struct serve_regex *r, const char **why)
{
    char *out = NULL;
    size_t len = 0, cap = 0;
    int group = 0, in_bracket = 0;
    memset(r, 0, sizeof(*r));
    put(&out, &len, &cap, "");
    for (const char *p = src; *p; p++) {
        char one[2] = {*p, 0};
        if (in_bracket) {
            if (*p == ']')
                in_bracket = 0;
            if (*p == '\\' && p[1]) {
                /* Inside brackets ERE has no escapes: \] and \\ become themselves. */
                p++;
                if (*p == 'd' || *p == 's' || *p == 'w') {
                    put(&out, &len, &cap,
                        *p == 'd'   ? "[:digit:]"
                        : *p == 's' ? "[:space:]"
                                    : "[:alnum:]_");
                    continue;
                }
                one[0] = *p;
            }
            put(&out, &len, &cap, one);
            continue;
        }
        if (*p == '[') {
            in_bracket = 1;
            put(&out, &len, &cap, "[");
            if (p[1] == '^')
                put(&out, &len, &cap, "^"), p++;
            if (p[1] == ']')
                put(&out, &len, &cap, "]"), p++;
            continue;
        }
        if (*p == '\\') {
            char c = p[1];
            if (!c) {
                *why = "ends with a backslash";
                goto bad;
            }
            p++;
            const char *cls = c == 'd'   ? "[[:digit:]]"
                              : c == 'D' ? "[^[:digit:]]"
                              : c == 's' ? "[[:space:]]"
                              : c == 'S' ? "[^[:space:]]"
                              : c == 'w' ? "[[:alnum:]_]"
                              : c == 'W' ? "[^[:alnum:]_]"
                                         : NULL;
            if (cls) {
                put(&out, &len, &cap, cls);
                continue;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                *why = "uses an escape POSIX regexes do not have (\\b, \\pN, \\1, ...)";
                goto bad;
            }
            char esc[3] = {'\\', c, 0};
            put(&out, &len, &cap, esc);
            continue;
        }
        if (*p == '(') {
            if (p[1] == '?') {
                if (p[2] == ':') {
                    p += 2; /* non-capturing: a plain group here, numbered like the others */
                    if (group + 1 < MAX_CAPTURES)
                        r->noncap[group + 1] = 1;
                } else if (p[2] == 'P' && p[3] == '<') {
                    const char *end = strchr(p + 4, '>');
                    if (!end || end == p + 4) {
                        *why = "has a malformed (?P<name>";
                        goto bad;
                    }
                    if (group + 1 < MAX_CAPTURES) {
                        size_t n = (size_t)(end - p - 4);
                        r->names[group + 1] = cli_alloc(n + 1, 1);
                        memcpy(r->names[group + 1], p + 4, n);
                    }
                    p = end;
                } else {
                    *why = "uses an RE2 flag or group POSIX regexes do not have ((?i), ...)";
                    goto bad;
                }
            }
            group++;
            put(&out, &len, &cap, "(");
            continue;
        }
        if ((*p == '*' || *p == '+' || *p == '?' || *p == '}') && p[1] == '?') {
            *why = "uses a lazy quantifier (*?, +? or ?\?)";
            goto bad;
        }
        put(&out, &len, &cap, one);
    }
    if (in_bracket) {
        *why = "has an unclosed [";
        goto bad;
    }
    if (regcomp(&r->re, out, REG_EXTENDED) != 0) {
        *why = "is not a valid regular expression";
        goto bad;
    }
    free(out);
    return 0;
bad:
    free(out);
    for (int i = 0; i < MAX_CAPTURES; i++)
        free(r->names[i]);
    memset(r, 0, sizeof(*r));
    return -1;
}

void serve_regex_free(struct serve_regex *r)
{
    regfree(&r->re);
    for (int i = 0; i < MAX_CAPTURES; i++)
        free(r->names[i]);
}

/* --- the YAML file ------------------------------------------------------------------- */

int serve_yaml_load(const char *path, yaml_document_t *doc)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "psutil serve: %s: %s\n", cli_safe(path), strerror(errno));
        return -1;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int loaded = yaml_parser_load(&parser, doc);
    fclose(f);
    if (!loaded)
        fprintf(stderr, "psutil serve: %s: line %zu: %s\n", cli_safe(path),
                parser.problem_mark.line + 1, parser.problem ? parser.problem : "not YAML");
    yaml_parser_delete(&parser);
    return loaded ? 0 : -1;
}

static const char *scalar(yaml_document_t *d, yaml_node_t *n)
{
    (void)d;
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A sequence of scalars (or one scalar) into a string array. 0 or -1. */
static int strings(yaml_document_t *d, yaml_node_t *n, char ***out, size_t *count)
{
    if (scalar(d, n)) {
        *out = cli_alloc(1, sizeof(**out));
        (*out)[0] = cli_strdup(scalar(d, n));
        *count = 1;
        return 0;
    }
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return -1;
    size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    *out = cli_alloc(k ? k : 1, sizeof(**out));
    *count = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const char *s = scalar(d, yaml_document_get_node(d, *it));
        if (!s)
            return -1;
        (*out)[(*count)++] = cli_strdup(s);
    }
    return 0;
}

static void rule_free(struct rule *r)
{
    free(r->name);
    for (size_t i = 0; i < r->ncomm; i++)
        free(r->comm[i]);
    for (size_t i = 0; i < r->nexe; i++)
        free(r->exe[i]);
    for (size_t i = 0; i < r->ncmdline; i++)
        serve_regex_free(&r->cmdline[i]);
    free(r->comm);
    free(r->exe);
    free(r->cmdline);
}

/* The template's fields, checked when the file is read. */
static int template_ok(const char *t, const struct rule *r, const char **why)
{
    for (const char *p = strstr(t, "{{"); p; p = strstr(p + 2, "{{")) {
        const char *end = strstr(p, "}}");
        if (!end) {
            *why = "name has an unclosed {{";
            return 0;
        }
        size_t n = (size_t)(end - p - 2);
        const char *f = p + 2;
        while (n && *f == ' ')
            f++, n--;
        while (n && f[n - 1] == ' ')
            n--;
        static const char *const known[] = {".Comm", ".ExeBase", ".ExeFull", ".Username", ".PID"};
        int ok = 0;
        for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
            ok |= n == strlen(known[k]) && strncmp(f, known[k], n) == 0;
        if (!ok && n > 9 && strncmp(f, ".Matches.", 9) == 0)
            for (size_t i = 0; i < r->ncmdline; i++)
                for (int c = 1; c < MAX_CAPTURES; c++)
                    ok |= r->cmdline[i].names[c] && strlen(r->cmdline[i].names[c]) == n - 9 &&
                          strncmp(r->cmdline[i].names[c], f + 9, n - 9) == 0;
        if (!ok) {
            *why = "name uses a field this exporter does not have (.Comm, .ExeBase, "
                   ".ExeFull, .Username, .PID, .Matches.NAME of a cmdline capture)";
            return 0;
        }
        p = end;
    }
    return 1;
}

/* One entry of process_names. 0, or -1 with why set. */
static int load_rule(yaml_document_t *d, yaml_node_t *n, struct rule *r, const char **why)
{
    memset(r, 0, sizeof(*r));
    if (n->type != YAML_MAPPING_NODE) {
        *why = "an entry of process_names is not a mapping";
        return -1;
    }
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
        const char *key = scalar(d, yaml_document_get_node(d, pr->key));
        yaml_node_t *v = yaml_document_get_node(d, pr->value);
        if (!key) {
            *why = "a key is not a string";
            return -1;
        }
        if (strcmp(key, "name") == 0 && scalar(d, v)) {
            free(r->name);
            r->name = cli_strdup(scalar(d, v));
        } else if (strcmp(key, "comm") == 0) {
            if (strings(d, v, &r->comm, &r->ncomm) != 0) {
                *why = "comm is not a list of strings";
                return -1;
            }
        } else if (strcmp(key, "exe") == 0) {
            if (strings(d, v, &r->exe, &r->nexe) != 0) {
                *why = "exe is not a list of strings";
                return -1;
            }
        } else if (strcmp(key, "cmdline") == 0) {
            char **pat;
            size_t np;
            if (strings(d, v, &pat, &np) != 0) {
                *why = "cmdline is not a list of strings";
                return -1;
            }
            r->cmdline = cli_alloc(np ? np : 1, sizeof(*r->cmdline));
            int rc = 0;
            for (size_t i = 0; i < np; i++) {
                if (rc == 0 && serve_regex_compile(pat[i], &r->cmdline[i], why) == 0)
                    r->ncmdline++;
                else
                    rc = -1;
                free(pat[i]);
            }
            free(pat);
            if (rc != 0)
                return -1;
        } else {
            *why = "an entry has a key other than name, comm, exe and cmdline";
            return -1;
        }
    }
    if (!r->ncomm && !r->nexe && !r->ncmdline) {
        *why = "an entry has no matcher (comm, exe or cmdline)";
        return -1;
    }
    if (!r->name)
        r->name = cli_strdup("{{.ExeBase}}");
    return template_ok(r->name, r, why) ? 0 : -1;
}

struct groups *groups_load(const char *path)
{
    yaml_document_t doc;
    if (serve_yaml_load(path, &doc) != 0)
        return NULL;
    struct groups *g = cli_alloc(1, sizeof(*g));
    const char *why = NULL;
    yaml_node_t *root = yaml_document_get_root_node(&doc), *names = NULL;
    if (root && root->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top; pr++) {
            const char *key = scalar(&doc, yaml_document_get_node(&doc, pr->key));
            if (key && strcmp(key, "process_names") == 0)
                names = yaml_document_get_node(&doc, pr->value);
        }
    if (!names || names->type != YAML_SEQUENCE_NODE)
        why = "no process_names list";
    else {
        size_t k = (size_t)(names->data.sequence.items.top - names->data.sequence.items.start);
        g->rules = cli_alloc(k ? k : 1, sizeof(*g->rules));
        for (yaml_node_item_t *it = names->data.sequence.items.start;
             !why && it < names->data.sequence.items.top; it++) {
            struct rule *r = &g->rules[g->nrules];
            if (load_rule(&doc, yaml_document_get_node(&doc, *it), r, &why) != 0)
                rule_free(r);
            else
                g->nrules++;
        }
    }
    yaml_document_delete(&doc);
    if (why) {
        fprintf(stderr, "psutil serve: %s: %s\n", cli_safe(path), why);
        groups_free(g);
        return NULL;
    }
    return g;
}

/* The next comma-separated item of *p (malloc'd), or NULL at the end. */
static char *next_item(const char **p)
{
    if (!*p || !**p)
        return NULL;
    const char *comma = strchr(*p, ',');
    size_t n = comma ? (size_t)(comma - *p) : strlen(*p);
    char *item = cli_alloc(n + 1, 1);
    memcpy(item, *p, n);
    *p = comma ? comma + 1 : *p + n;
    return item;
}

/* A rule taking processes of one comm. */
static struct rule *comm_rule(struct groups *g, char *comm)
{
    g->rules = cli_realloc(g->rules, g->nrules + 1, sizeof(*g->rules));
    struct rule *r = &g->rules[g->nrules++];
    memset(r, 0, sizeof(*r));
    r->name = cli_strdup("{{.Comm}}");
    r->comm = cli_alloc(1, sizeof(*r->comm));
    r->comm[0] = comm;
    r->ncomm = 1;
    return r;
}

struct groups *groups_from_names(const char *procnames, const char *namemapping)
{
    struct groups *g = cli_alloc(1, sizeof(*g));
    const char *p = namemapping, *why = NULL;
    char *comm, *re = NULL;
    while (!why && (comm = next_item(&p)) != NULL) {
        if ((re = next_item(&p)) == NULL) {
            why = "-namemapping: a name without its regex (want NAME,REGEX pairs)";
            free(comm);
            break;
        }
        struct rule *r = comm_rule(g, comm);
        r->namemap = 1;
        r->cmdline = cli_alloc(1, sizeof(*r->cmdline));
        const char *rewhy;
        if (serve_regex_compile(re, &r->cmdline[0], &rewhy) != 0) {
            fprintf(stderr, "psutil serve: -namemapping: '%s' %s\n", cli_safe(re), rewhy);
            why = "";
        } else
            r->ncmdline = 1;
        free(re);
    }
    p = procnames;
    while (!why && (comm = next_item(&p)) != NULL) {
        int mapped = 0; /* a name -namemapping has keeps its mapping */
        for (size_t i = 0; i < g->nrules && !mapped; i++)
            mapped = strcmp(g->rules[i].comm[0], comm) == 0;
        if (mapped || !comm[0])
            free(comm);
        else
            comm_rule(g, comm);
    }
    if (!why && g->nrules == 0)
        why = "-procnames and -namemapping name no process";
    if (why) {
        if (why[0])
            fprintf(stderr, "psutil serve: %s\n", why);
        groups_free(g);
        return NULL;
    }
    return g;
}

void groups_set_recheck(struct groups *g, int on)
{
    g->recheck = on;
}

void groups_free(struct groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nrules; i++)
        rule_free(&g->rules[i]);
    free(g->rules);
    for (size_t i = 0; i < g->ng; i++)
        free(g->g[i].name);
    free(g->g);
    free(g->seen);
    free(g);
}

/* --- matching ------------------------------------------------------------------------ */

/* What a rule and its template see of a process: process-exporter's comm is stat's
 * (15 bytes at most; psutil's name is longer when it was cut), argv[0] and its
 * basename, the arguments joined by spaces. */
struct proc_view {
    char comm[16];
    const char *exe_full, *exe_base, *cmdline, *user;
    psutil_pid_t pid;
    regmatch_t m[MAX_CAPTURES];
    int first; /* -namemapping: the first capturing group that matched text, else 0 */
    const struct serve_regex *matched; /* the regex whose captures m holds */
};

static void view_of(const psutil_proc_row_t *r, struct proc_view *v)
{
    memset(v, 0, sizeof(*v));
    snprintf(v->comm, sizeof(v->comm), "%.15s", r->name);
    v->exe_full = r->args_len ? r->args : "";
    const char *slash = strrchr(v->exe_full, '/');
    v->exe_base = slash ? slash + 1 : v->exe_full;
    v->cmdline = r->cmdline;
    v->user = r->euser;
    v->pid = r->pid;
}

static int rule_matches(const struct rule *r, struct proc_view *v)
{
    int ok = !r->ncomm;
    for (size_t i = 0; !ok && i < r->ncomm; i++)
        ok = strcmp(r->comm[i], v->comm) == 0;
    if (!ok)
        return 0;
    ok = !r->nexe;
    for (size_t i = 0; !ok && i < r->nexe; i++)
        ok = strcmp(r->exe[i], strchr(r->exe[i], '/') ? v->exe_full : v->exe_base) == 0;
    if (!ok)
        return 0;
    v->matched = NULL;
    for (size_t i = 0; i < r->ncmdline; i++) {
        regmatch_t m[MAX_CAPTURES];
        if (regexec(&r->cmdline[i].re, v->cmdline, MAX_CAPTURES, m, 0) != 0)
            return 0;
        if (!v->matched) { /* captures: the first regex's (names are looked up in all) */
            memcpy(v->m, m, sizeof(m));
            v->matched = &r->cmdline[i];
        }
    }
    if (r->namemap) {
        v->first = 0;
        for (int c = 1; c < MAX_CAPTURES && !v->first; c++)
            if (!v->matched->noncap[c] && v->m[c].rm_so >= 0 && v->m[c].rm_eo > v->m[c].rm_so)
                v->first = c;
        return v->first != 0;
    }
    return 1;
}

/* A capture's text by name, from the regexes of the rule that matched ("" if none). */
static void capture(const struct rule *r, const struct proc_view *v, const char *name, size_t n,
                    struct text *out)
{
    for (size_t i = 0; i < r->ncmdline; i++) {
        const struct serve_regex *re = &r->cmdline[i];
        regmatch_t m[MAX_CAPTURES];
        for (int c = 1; c < MAX_CAPTURES; c++) {
            if (!re->names[c] || strlen(re->names[c]) != n || strncmp(re->names[c], name, n))
                continue;
            const regmatch_t *mm = v->m;
            if (re != v->matched) {
                if (regexec(&re->re, v->cmdline, MAX_CAPTURES, m, 0) != 0)
                    return;
                mm = m;
            }
            if (mm[c].rm_so >= 0)
                text_put(out, v->cmdline + mm[c].rm_so, (size_t)(mm[c].rm_eo - mm[c].rm_so));
            return;
        }
    }
}

/* The group name: the rule's template filled in for the process. */
static void expand(const struct rule *r, const struct proc_view *v, struct text *out)
{
    out->len = 0;
    text_put(out, "", 0);
    if (r->namemap) {
        const regmatch_t *m = &v->m[v->first];
        text_printf(out, "%s:", v->comm);
        text_put(out, v->cmdline + m->rm_so, (size_t)(m->rm_eo - m->rm_so));
        return;
    }
    const char *p = r->name;
    for (const char *o; (o = strstr(p, "{{")) != NULL;) {
        text_put(out, p, (size_t)(o - p));
        const char *end = strstr(o, "}}"); /* checked when loaded */
        const char *f = o + 2;
        size_t n = (size_t)(end - f);
        while (n && *f == ' ')
            f++, n--;
        while (n && f[n - 1] == ' ')
            n--;
#define IS(s) (n == strlen(s) && strncmp(f, s, n) == 0)
        if (IS(".Comm"))
            text_put(out, v->comm, strlen(v->comm));
        else if (IS(".ExeBase"))
            text_put(out, v->exe_base, strlen(v->exe_base));
        else if (IS(".ExeFull"))
            text_put(out, v->exe_full, strlen(v->exe_full));
        else if (IS(".Username"))
            text_put(out, v->user, strlen(v->user));
        else if (IS(".PID"))
            text_printf(out, "%lld", (long long)v->pid);
        else
            capture(r, v, f + 9, n - 9, out);
#undef IS
        p = end + 2;
    }
    text_put(out, p, strlen(p));
}

static size_t group_index(struct groups *g, const char *name)
{
    for (size_t i = 0; i < g->ng; i++)
        if (strcmp(g->g[i].name, name) == 0)
            return i;
    g->g = cli_realloc(g->g, g->ng + 1, sizeof(*g->g));
    memset(&g->g[g->ng], 0, sizeof(g->g[g->ng]));
    g->g[g->ng].name = cli_strdup(name);
    return g->ng++;
}

/* --- collection ---------------------------------------------------------------------- */

#define UNGROUPED ((size_t)-1)
#define PENDING ((size_t)-2)

/* The group of row i: its rule's, else its nearest grouped ancestor's. Rows are in pid
 * order; parents are found by binary search; a ppid loop ends the walk. */
static size_t group_of(const psutil_proc_row_t *r, size_t n, size_t *memo, size_t i, int depth)
{
    if (memo[i] != PENDING)
        return memo[i];
    memo[i] = UNGROUPED; /* a cycle back here ends as ungrouped */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r[mid].pid < r[i].ppid)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (depth < 4096 && lo < n && r[lo].pid == r[i].ppid && r[i].ppid != r[i].pid)
        memo[i] = group_of(r, n, memo, lo, depth + 1);
    return memo[i];
}

static void figures(const psutil_proc_row_t *r, double v[N_COUNTERS])
{
    v[C_USER] = r->cpu.user;
    v[C_SYSTEM] = r->cpu.system;
    v[C_READ] = (double)r->io.read_bytes;
    v[C_WRITE] = (double)r->io.write_bytes;
    v[C_MAJFLT] = (double)r->maj_flt;
    v[C_MINFLT] = (double)r->min_flt;
    v[C_VOL] = (double)r->ctx.voluntary;
    v[C_INVOL] = (double)r->ctx.involuntary;
}

/* The gauges of one collection, per group. */
struct gauges {
    uint64_t procs, rss, vms, swap, fds, threads;
    double worst_fd_ratio; /* the largest open fds / soft open-files limit */
    uint64_t states[5];    /* Running, Sleeping, Waiting, Zombie, Other */
    double oldest;
};

static int state_index(int status)
{
    switch (status) {
    case PSUTIL_STATUS_RUNNING:
        return 0;
    case PSUTIL_STATUS_SLEEPING:
    case PSUTIL_STATUS_IDLE:
        return 1;
    case PSUTIL_STATUS_DISK_SLEEP:
        return 2;
    case PSUTIL_STATUS_ZOMBIE:
        return 3;
    default:
        return 4;
    }
}

#define FIELDS                                                                                     \
    (PSUTIL_PF_PPID | PSUTIL_PF_NAME | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                    \
     PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY | PSUTIL_PF_NUM_THREADS | PSUTIL_PF_IO |             \
     PSUTIL_PF_CTX_SWITCHES | PSUTIL_PF_NUM_FDS | PSUTIL_PF_PAGE_FAULTS | PSUTIL_PF_SWAP |         \
     PSUTIL_PF_NOFILE)
/* The fields whose absence from a row is a partial error. */
#define PARTIAL_FIELDS                                                                             \
    (PSUTIL_PF_CPU_TIMES | PSUTIL_PF_MEMORY | PSUTIL_PF_IO | PSUTIL_PF_CTX_SWITCHES |              \
     PSUTIL_PF_NUM_FDS | PSUTIL_PF_SWAP | PSUTIL_PF_NOFILE)

uint32_t groups_fields(const struct groups *g)
{
    uint32_t f = FIELDS;
    for (size_t i = 0; i < g->nrules; i++) {
        const struct rule *r = &g->rules[i];
        if (r->nexe || r->ncmdline || strstr(r->name, ".Exe") || strstr(r->name, ".Matches"))
            f |= PSUTIL_PF_CMDLINE;
        if (strstr(r->name, ".Username"))
            f |= PSUTIL_PF_EUSER;
    }
    return f;
}

/* The error counters, written after the groups (or alone when the collection failed). */
static void error_families(const struct groups *g, struct text *t)
{
    family(t, "namedprocess_scrape_errors", "counter",
           "general scrape errors: no proc metrics collected during a cycle");
    sample(t, "namedprocess_scrape_errors", g->scrape_errors, NULL);
    family(t, "namedprocess_scrape_partial_errors", "counter",
           "incremented each time a tracked proc's metrics collection fails partially, e.g. "
           "unreadable I/O stats");
    sample(t, "namedprocess_scrape_partial_errors", g->partial_errors, NULL);
}

int groups_failed(struct groups *g, int rc, struct text *t)
{
    g->scrape_errors++;
    error_families(g, t);
    return rc;
}

int groups_collect(struct groups *g, const psutil_proc_row_t *r, size_t n, struct text *t)
{
    size_t *memo = cli_alloc(n ? n : 1, sizeof(*memo));
    struct text name = {0};
    for (size_t i = 0, j = 0; i < n; i++) {
        struct proc_view v;
        memo[i] = PENDING;
        /* A process seen before keeps the group it got then, as process-exporter's: an
         * exec or a new title moves nothing. One that no group took stays so too, but
         * with -recheck it is matched again at every collection. */
        while (j < g->nseen && g->seen[j].pid < r[i].pid)
            j++;
        if (j < g->nseen && g->seen[j].pid == r[i].pid && g->seen[j].start == r[i].start &&
            (!g->recheck || g->seen[j].group != UNGROUPED)) {
            memo[i] = g->seen[j].group;
            continue;
        }
        view_of(&r[i], &v);
        for (size_t k = 0; k < g->nrules; k++)
            if (rule_matches(&g->rules[k], &v)) {
                expand(&g->rules[k], &v, &name);
                memo[i] = group_index(g, name.p);
                break;
            }
    }
    for (size_t i = 0; i < n; i++)
        group_of(r, n, memo, i, 0);
    free(name.p);

    /* Counters: merge with the processes seen last time (both in pid order). */
    struct seen *now = cli_alloc(n ? n : 1, sizeof(*now));
    size_t nn = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
        struct seen *s = &now[nn++]; /* the ungrouped too: they stay so */
        s->pid = r[i].pid;
        s->start = r[i].start;
        s->group = memo[i];
        if (memo[i] == UNGROUPED)
            continue;
        figures(&r[i], s->v);
        while (j < g->nseen && g->seen[j].pid < s->pid)
            j++;
        const struct seen *before = j < g->nseen && g->seen[j].pid == s->pid &&
                                            g->seen[j].start == s->start &&
                                            g->seen[j].group == s->group
                                        ? &g->seen[j]
                                        : NULL;
        for (int c = 0; c < N_COUNTERS && g->primed; c++) {
            double d = before ? s->v[c] - before->v[c] : s->v[c];
            if (d > 0)
                g->g[s->group].total[c] += d;
        }
    }
    g->primed = 1;
    free(g->seen);
    g->seen = now;
    g->nseen = nn;

    struct gauges *ga = cli_alloc(g->ng ? g->ng : 1, sizeof(*ga));
    for (size_t i = 0; i < n; i++) {
        if (memo[i] == UNGROUPED)
            continue;
        struct gauges *x = &ga[memo[i]];
        x->procs++;
        x->rss += r[i].rss;
        x->vms += r[i].vms;
        x->swap += r[i].swap;
        if ((r[i].have & PARTIAL_FIELDS) != PARTIAL_FIELDS)
            g->partial_errors++;
        /* An unlimited or zero limit has no ratio (process-exporter: 0). */
        if ((r[i].have & PSUTIL_PF_NOFILE) && r[i].nofile.soft != PSUTIL_RLIM_INFINITY &&
            r[i].nofile.soft > 0) {
            double ratio = (double)r[i].num_fds / (double)r[i].nofile.soft;
            if (ratio > x->worst_fd_ratio)
                x->worst_fd_ratio = ratio;
        }
        x->fds += (uint64_t)r[i].num_fds;
        x->threads += (uint64_t)r[i].num_threads;
        x->states[state_index(r[i].status)]++;
        if (x->oldest == 0 || r[i].create_time < x->oldest)
            x->oldest = r[i].create_time;
    }
    free(memo);

    family(t, "namedprocess_namegroup_num_procs", "gauge", "number of processes in this group");
    for (size_t k = 0; k < g->ng; k++)
        sample_u64(t, "namedprocess_namegroup_num_procs", ga[k].procs, "groupname", g->g[k].name,
                   NULL);
    family(t, "namedprocess_namegroup_cpu_seconds_total", "counter", "Cpu user usage in seconds");
    for (size_t k = 0; k < g->ng; k++) {
        sample(t, "namedprocess_namegroup_cpu_seconds_total", g->g[k].total[C_USER], "groupname",
               g->g[k].name, "mode", "user", NULL);
        sample(t, "namedprocess_namegroup_cpu_seconds_total", g->g[k].total[C_SYSTEM], "groupname",
               g->g[k].name, "mode", "system", NULL);
    }
    static const struct {
        const char *name, *help;
        int c;
    } counters[] = {
        {"namedprocess_namegroup_read_bytes_total", "number of bytes read by this group", C_READ},
        {"namedprocess_namegroup_write_bytes_total", "number of bytes written by this group",
         C_WRITE},
        {"namedprocess_namegroup_major_page_faults_total", "Major page faults", C_MAJFLT},
        {"namedprocess_namegroup_minor_page_faults_total", "Minor page faults", C_MINFLT},
    };
    for (size_t c = 0; c < sizeof(counters) / sizeof(counters[0]); c++) {
        family(t, counters[c].name, "counter", counters[c].help);
        for (size_t k = 0; k < g->ng; k++)
            sample(t, counters[c].name, g->g[k].total[counters[c].c], "groupname", g->g[k].name,
                   NULL);
    }
    family(t, "namedprocess_namegroup_context_switches_total", "counter", "Context switches");
    for (size_t k = 0; k < g->ng; k++) {
        sample(t, "namedprocess_namegroup_context_switches_total", g->g[k].total[C_VOL],
               "groupname", g->g[k].name, "ctxswitchtype", "voluntary", NULL);
        sample(t, "namedprocess_namegroup_context_switches_total", g->g[k].total[C_INVOL],
               "groupname", g->g[k].name, "ctxswitchtype", "nonvoluntary", NULL);
    }
    family(t, "namedprocess_namegroup_memory_bytes", "gauge", "number of bytes of memory in use");
    for (size_t k = 0; k < g->ng; k++) {
        sample_u64(t, "namedprocess_namegroup_memory_bytes", ga[k].rss, "groupname", g->g[k].name,
                   "memtype", "resident", NULL);
        sample_u64(t, "namedprocess_namegroup_memory_bytes", ga[k].vms, "groupname", g->g[k].name,
                   "memtype", "virtual", NULL);
        sample_u64(t, "namedprocess_namegroup_memory_bytes", ga[k].swap, "groupname", g->g[k].name,
                   "memtype", "swapped", NULL);
    }
    family(t, "namedprocess_namegroup_open_filedesc", "gauge",
           "number of open file descriptors for this group");
    for (size_t k = 0; k < g->ng; k++)
        sample_u64(t, "namedprocess_namegroup_open_filedesc", ga[k].fds, "groupname", g->g[k].name,
                   NULL);
    family(t, "namedprocess_namegroup_worst_fd_ratio", "gauge",
           "the worst (closest to 1) ratio between open fds and max fds among all procs in this "
           "group");
    for (size_t k = 0; k < g->ng; k++)
        sample(t, "namedprocess_namegroup_worst_fd_ratio", ga[k].worst_fd_ratio, "groupname",
               g->g[k].name, NULL);
    family(t, "namedprocess_namegroup_num_threads", "gauge", "Number of threads");
    for (size_t k = 0; k < g->ng; k++)
        sample_u64(t, "namedprocess_namegroup_num_threads", ga[k].threads, "groupname",
                   g->g[k].name, NULL);
    family(t, "namedprocess_namegroup_oldest_start_time_seconds", "gauge",
           "start time in seconds since 1970/01/01 of oldest process in group");
    for (size_t k = 0; k < g->ng; k++)
        sample(t, "namedprocess_namegroup_oldest_start_time_seconds", ga[k].oldest, "groupname",
               g->g[k].name, NULL);
    static const char *const states[5] = {"Running", "Sleeping", "Waiting", "Zombie", "Other"};
    family(t, "namedprocess_namegroup_states", "gauge",
           "Number of processes in states Running, Sleeping, Waiting, Zombie, or Other");
    for (size_t k = 0; k < g->ng; k++)
        for (int s = 0; s < 5; s++)
            sample_u64(t, "namedprocess_namegroup_states", ga[k].states[s], "groupname",
                       g->g[k].name, "state", states[s], NULL);
    free(ga);
    error_families(g, t);
    return 0;
}
