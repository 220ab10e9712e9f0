/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_serve.c - `psutil serve`: the machine as Prometheus metrics (text exposition
 * format 0.0.4) over HTTP, or once on stdout with --once: its options and listening
 * sockets. What a scrape collects is serve/collectors.c (node_exporter's names where the
 * library reads what node_exporter reads); HTTP, TLS, basic auth and gzip are
 * serve/http.c and serve/webconfig.c (libmicrohttpd); process-exporter's groups
 * serve/groups.c; the exposition text serve/text.c. SIGINT and SIGTERM end it with
 * status 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../serve/serve.h"
#include "cli.h"

#define SERVE_USAGE                                                                                \
    "psutil serve [-l [HOST]:PORT]... [--web.telemetry-path PATH] [--once] [--no-procs]\n"         \
    "                    [--config.path FILE | --procnames LIST [--namemapping LIST]]\n"           \
    "                    [--[no-]collector.NAME]..."
#define SERVE_DEFAULT_LISTEN ":19100"

/* ------------------------------------------------------------------------------ */
/* HTTP                                                                            */
/* ------------------------------------------------------------------------------ */

static int parse_listen(const char *s, char *host, size_t hsize, char *port, size_t psize)
{
    const char *colon;
    if (s[0] == '[') {
        const char *close_br = strchr(s, ']');
        if (!close_br || close_br[1] != ':' || (size_t)(close_br - s - 1) >= hsize)
            return -1;
        memcpy(host, s + 1, (size_t)(close_br - s - 1));
        host[close_br - s - 1] = '\0';
        colon = close_br + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= hsize || memchr(s, ':', (size_t)(colon - s)))
            return -1;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
    }
    const char *p = colon + 1;
    size_t n = strlen(p);
    if (n == 0 || n >= psize || strspn(p, "0123456789") != n || atol(p) > 65535)
        return -1;
    memcpy(port, p, n + 1);
    return 0;
}

/* A listening socket, or -1 with a message printed. */
static int open_listener(const char *host, const char *port, char *shown, size_t ssize)
{
    struct addrinfo hints = {0}, *res, *ai;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if (!host[0])
        hints.ai_family = AF_INET6; /* every address, v4 included (IPV6_V6ONLY off) */
    int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc != 0 && !host[0]) {
        hints.ai_family = AF_INET;
        rc = getaddrinfo(NULL, port, &hints, &res);
    }
    if (rc != 0) {
        fprintf(stderr, "psutil serve: cannot resolve '%s': %s\n", cli_safe(host),
                gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1, zero = 0;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6 && !host[0])
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 64) != 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0 && !host[0] && hints.ai_family == AF_INET6 && err == EAFNOSUPPORT)
        return open_listener("0.0.0.0", port, shown, ssize);
    if (fd < 0) {
        fprintf(stderr, "psutil serve: cannot listen on %s:%s: %s\n", cli_safe(host),
                cli_safe(port), strerror(err));
        return -1;
    }
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    char addr[INET6_ADDRSTRLEN] = "?";
    int bound = 0;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    if (sa.ss_family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
        bound = ntohs(s6->sin6_port);
        snprintf(shown, ssize, "[%s]:%d", addr, bound);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&sa;
        inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
        bound = ntohs(s4->sin_port);
        snprintf(shown, ssize, "%s:%d", addr, bound);
    }
    return fd;
}

static void help(void)
{
    printf("Usage: " SERVE_USAGE "\n"
           "\n"
           "The machine as Prometheus metrics: node_exporter's names for system metrics,\n"
           "psutil_* for the rest and for every process. Serves GET /metrics over HTTP.\n"
           "\n"
           "  -l, --listen [HOST]:PORT  address to listen on (default " SERVE_DEFAULT_LISTEN
           ", every\n"
           "                            address; port 0 picks a free one, printed on stderr);\n"
           "                            repeat it for more addresses (at most 8); also\n"
           "                            --web.listen-address, as node_exporter names it\n"
           "      --web.telemetry-path PATH  where the metrics are (default /metrics)\n"
           "      --web.config.file FILE  TLS (tls_server_config: cert_file, key_file) and\n"
           "                            basic auth (basic_auth_users: bcrypt hashes), as\n"
           "                            Prometheus' exporter-toolkit reads them\n"
           "      --once                print the metrics once on stdout and exit\n"
           "      --no-procs            leave out the per-process metrics\n"
           "      --collector.NAME, --no-collector.NAME  turn a collector on or off (all are\n"
           "                            on by default); --collector.disable-defaults turns\n"
           "                            every one off but those named\n"
           "      --collector.textfile.directory DIR  the metrics of DIR/*.prom files, as\n"
           "                            node_exporter's textfile collector reads them\n"
           "      --config.path FILE    process groups from prometheus-process-exporter's\n"
           "                            YAML (process_names: comm, exe, cmdline, name\n"
           "                            templates) as its namedprocess_namegroup_* metrics;\n"
           "                            the per-process metrics are then left out\n"
           "      --procnames LIST      process groups without a file, as process-exporter's\n"
           "                            -procnames: each comm of the comma-separated LIST\n"
           "      --namemapping LIST    and its -namemapping: COMM,REGEX pairs; a process of\n"
           "                            COMM whose command line REGEX matches is in group\n"
           "                            COMM:CAPTURE (the first capture that is not empty)\n"
           "      --recheck             match a process no group took again at every scrape\n"
           "                            (by default it stays ungrouped; a grouped one keeps\n"
           "                            its group for life, as process-exporter's)\n"
           "      --help                this text\n");
}

/* node_exporter 1.5's Linux collectors that psutil serve does not have: their flags are
 * taken and ignored with a warning, so a node_exporter command line still starts. */
static const char *const foreign_collectors[] = {
    "bcache",   "bonding",     "btrfs",   "buddyinfo",    "cgroups",    "devstat",       "dmi",
    "drbd",     "drm",         "ethtool", "fibrechannel", "infiniband", "interrupts",    "ipvs",
    "ksmd",     "lnstat",      "logind",  "meminfo_numa", "mountstats", "network_route", "nfs",
    "nfsd",     "ntp",         "perf",    "qdisc",        "rapl",       "runit",         "slabinfo",
    "softirqs", "supervisord", "sysctl",  "systemd",      "tapestats",  "tcpstat",       "wifi",
    "xfs",      "zfs",         "zoneinfo"};

/* node_exporter 1.5's options that psutil serve does not have, and whether each takes a
 * value (a boolean does not): taken and ignored with a warning. */
static const struct {
    const char *name;
    int value;
} foreign_options[] = {
    {"bcache.priorityStats", 0},
    {"cpu.guest", 0},
    {"cpu.info", 0},
    {"cpu.info.flags-include", 1},
    {"cpu.info.bugs-include", 1},
    {"ethtool.device-include", 1},
    {"ethtool.device-exclude", 1},
    {"ethtool.metrics-include", 1},
    {"ipvs.backend-labels", 1},
    {"netclass.ignore-invalid-speed", 0},
    {"netclass.netlink", 0},
    {"netclass_rtnl.with-stats", 0},
    {"netdev.address-info", 0},
    {"netdev.enable-detailed-metrics", 0},
    {"netdev.netlink", 0},
    {"ntp.server", 1},
    {"ntp.server-port", 1},
    {"ntp.protocol-version", 1},
    {"ntp.server-is-local", 0},
    {"ntp.ip-ttl", 1},
    {"ntp.max-distance", 1},
    {"ntp.local-offset-tolerance", 1},
    {"perf.cpus", 1},
    {"perf.tracepoint", 1},
    {"qdisc.fixtures", 1},
    {"qdisk.device-include", 1},
    {"qdisk.device-exclude", 1},
    {"rapl.enable-zone-label", 0},
    {"runit.servicedir", 1},
    {"stat.softirq", 0},
    {"supervisord.url", 1},
    {"sysctl.include", 1},
    {"sysctl.include-info", 1},
    {"systemd.unit-include", 1},
    {"systemd.unit-exclude", 1},
    {"systemd.enable-task-metrics", 0},
    {"systemd.enable-restarts-metrics", 0},
    {"systemd.enable-start-time-metrics", 0},
    {"tapestats.ignored-devices", 1},
    {"wifi.fixtures", 1},
};

/* 1 (after a warning on stderr) when NAME[.OPTION] is node_exporter's and not ours;
 * *takes_value then says whether the option takes a value. */
static int foreign(const char *name, size_t len, int *takes_value)
{
    *takes_value = 0;
    for (size_t k = 0; k < sizeof(foreign_options) / sizeof(foreign_options[0]); k++)
        if (strlen(foreign_options[k].name) == len &&
            strncmp(foreign_options[k].name, name, len) == 0) {
            *takes_value = foreign_options[k].value;
            goto known;
        }
    for (size_t k = 0; k < sizeof(foreign_collectors) / sizeof(foreign_collectors[0]); k++) {
        size_t cl = strlen(foreign_collectors[k]);
        if (strncmp(foreign_collectors[k], name, cl) == 0 && (len == cl || name[cl] == '.')) {
            *takes_value = len != cl; /* an option of a collector we lack: a value */
            goto known;
        }
    }
    return 0;
known:
    fprintf(stderr,
            "psutil serve: '%.*s' is node_exporter's, which psutil serve does not have: "
            "ignored\n",
            (int)len, name);
    return 1;
}

/* A collector's option, --collector.NAME.OPTION=VALUE or --collector.NAME.OPTION VALUE
 * (argv[*i] holds it; the second form takes the next argument): CLI_OK, or a usage
 * error for an option no collector has or a missing value. */
static int collector_option(const char *opt, int *i, int argc, char **argv)
{
    const char *eq = strchr(opt, '='), *value = eq ? eq + 1 : NULL, *why = NULL;
    char name[128], names[512];
    size_t len = eq ? (size_t)(eq - opt) : strlen(opt);
    snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) - 1 ? len : sizeof(name) - 1),
             opt);
    int textfile = strcmp(name, "textfile.directory") == 0, takes;
    if (foreign(name, strlen(name), &takes)) {
        if (takes && !value && *i + 1 < argc)
            ++*i; /* its value, given apart */
        return CLI_OK;
    }
    /* A name no collector has is refused before any value is taken. */
    if (!textfile && serve_collector_option(name, NULL, &why) != 0 && !why) {
        serve_collector_option_names(names, sizeof(names));
        return cli_usage_error("serve", SERVE_USAGE,
                               "unknown collector option '--collector.%s' (options: %s)", name,
                               names);
    }
    if (!value) {
        if (*i + 1 >= argc)
            return cli_usage_error("serve", SERVE_USAGE, "option '--collector.%s' needs a value",
                                   name);
        value = argv[++*i];
    }
    if (textfile)
        return serve_textfile_directory(value) == 0 ? CLI_OK : CLI_ERROR;
    if (serve_collector_option(name, value, &why) != 0)
        return cli_usage_error("serve", SERVE_USAGE, "option '--collector.%s': '%s' %s", name,
                               value, why);
    return CLI_OK;
}

/* systemd's socket activation (sd_listen_fds(3)): when LISTEN_PID names this process,
 * the LISTEN_FDS listening sockets from fd 3 on are the server's (at most max), and the
 * variables are unset so no child inherits them. Returns how many; 0 without. */
static size_t inherited_listeners(int *lfd, size_t max)
{
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    char *end;
    if (!pid || !fds || strtol(pid, &end, 10) != (long)getpid() || *end)
        return 0;
    long n = strtol(fds, &end, 10);
    if (*end || n < 1)
        return 0;
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    size_t k = (size_t)n < max ? (size_t)n : max;
    for (size_t i = 0; i < k; i++) {
        lfd[i] = 3 + (int)i;
        fcntl(lfd[i], F_SETFD, FD_CLOEXEC);
    }
    return k;
}

/* Takes node_exporter's collector flags out of argv: --collector.NAME and
 * --no-collector.NAME turn a collector on and off, --collector.disable-defaults turns
 * every one off first (wherever it stands, so the named ones win, as in node_exporter);
 * --collector.NAME.OPTION[=VALUE] sets a collector's option. CLI_OK, or a usage error
 * for a name no collector has. */
static int collector_flags(int *argc, char **argv)
{
    static const char on[] = "--collector.", off[] = "--no-collector.";
    int kept = 1;
    for (int i = 1; i < *argc; i++)
        if (strcmp(argv[i], "--") == 0)
            break;
        else if (strcmp(argv[i], "--collector.disable-defaults") == 0)
            serve_collectors_none();
    for (int i = 1; i < *argc; i++) {
        int end = strcmp(argv[i], "--") == 0;
        const char *name = NULL;
        int enable = 0;
        if (strncmp(argv[i], on, sizeof(on) - 1) == 0) {
            name = argv[i] + sizeof(on) - 1;
            enable = 1;
        } else if (strncmp(argv[i], off, sizeof(off) - 1) == 0)
            name = argv[i] + sizeof(off) - 1;
        if (!name || end) {
            argv[kept++] = argv[i];
            if (end) /* the rest are arguments, kept as they are */
                while (++i < *argc)
                    argv[kept++] = argv[i];
            continue;
        }
        if (enable && strcmp(name, "disable-defaults") == 0)
            continue;
        if (enable && strchr(name, '.')) {
            int rc = collector_option(name, &i, *argc, argv);
            if (rc != CLI_OK)
                return rc;
            continue;
        }
        int takes;
        if (serve_collector_set(name, enable) != 0 && !foreign(name, strlen(name), &takes)) {
            char names[512];
            serve_collector_names(names, sizeof(names));
            return cli_usage_error("serve", SERVE_USAGE,
                                   "unknown collector in '%s' (collectors: %s)", argv[i], names);
        }
    }
    *argc = kept;
    argv[kept] = NULL;
    return CLI_OK;
}

int cmd_serve(int argc, char **argv)
{
    enum {
        OPT_ONCE = 256,
        OPT_NO_PROCS,
        OPT_CONFIG,
        OPT_PROCNAMES,
        OPT_RECHECK,
        OPT_NAMEMAP,
        OPT_PATH,
        OPT_WEB,
        OPT_HELP
    };
    static const struct option longs[] = {
        {"listen", required_argument, NULL, 'l'},
        {"web.listen-address", required_argument, NULL, 'l'},
        {"web.telemetry-path", required_argument, NULL, OPT_PATH},
        {"web.config.file", required_argument, NULL, OPT_WEB},
        {"config.path", required_argument, NULL, OPT_CONFIG},
        {"procnames", required_argument, NULL, OPT_PROCNAMES},
        {"namemapping", required_argument, NULL, OPT_NAMEMAP},
        {"recheck", no_argument, NULL, OPT_RECHECK},
        {"once", no_argument, NULL, OPT_ONCE},
        {"no-procs", no_argument, NULL, OPT_NO_PROCS},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    int rc = collector_flags(&argc, argv);
    if (rc != CLI_OK)
        return rc;
    const char *listen_at[HTTP_MAX_LISTEN] = {SERVE_DEFAULT_LISTEN}, *config = NULL;
    const char *path = "/metrics", *web_file = NULL, *procnames = NULL, *namemapping = NULL;
    size_t nlisten = 0;
    int once = 0, procs = 1, recheck = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:", longs, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (nlisten == HTTP_MAX_LISTEN)
                return cli_usage_error("serve", SERVE_USAGE, "more than %d listen addresses",
                                       HTTP_MAX_LISTEN);
            listen_at[nlisten++] = optarg;
            break;
        case OPT_PATH:
            if (optarg[0] != '/' || strpbrk(optarg, "?# "))
                return cli_usage_error("serve", SERVE_USAGE,
                                       "telemetry path '%s' is not a path starting with '/'",
                                       optarg);
            path = optarg;
            break;
        case OPT_WEB:
            web_file = optarg;
            break;
        case OPT_ONCE:
            once = 1;
            break;
        case OPT_NO_PROCS:
            procs = 0;
            break;
        case OPT_CONFIG:
            config = optarg;
            break;
        case OPT_PROCNAMES:
            procnames = optarg;
            break;
        case OPT_NAMEMAP:
            namemapping = optarg;
            break;
        case OPT_RECHECK:
            recheck = 1;
            break;
        case OPT_HELP:
            help();
            return CLI_OK;
        case ':':
            return cli_usage_error("serve", SERVE_USAGE, "option '%s' needs an argument",
                                   cli_optname(argv));
        default:
            return cli_usage_error("serve", SERVE_USAGE, "unknown option '%s'", cli_optname(argv));
        }
    }
    nlisten = nlisten ? nlisten : 1;
    if (optind < argc)
        return cli_usage_error("serve", SERVE_USAGE, "unexpected argument '%s'", argv[optind]);
    char host[HTTP_MAX_LISTEN][256], port[HTTP_MAX_LISTEN][8];
    for (size_t i = 0; i < nlisten; i++)
        if (parse_listen(listen_at[i], host[i], sizeof(host[i]), port[i], sizeof(port[i])) != 0)
            return cli_usage_error("serve", SERVE_USAGE,
                                   "listen address '%s' is not [HOST]:PORT with a port 0-65535",
                                   listen_at[i]);
    if (config && (procnames || namemapping))
        return cli_usage_error("serve", SERVE_USAGE,
                               "--config.path and --procnames/--namemapping are two ways to "
                               "name the groups: give one");
    if (config || procnames || namemapping) {
        struct groups *g = config ? groups_load(config) : groups_from_names(procnames, namemapping);
        if (!g)
            return CLI_ERROR;
        groups_set_recheck(g, recheck);
        serve_set_groups(g);
        procs = 0; /* groups instead of a series set per pid */
    }
    if (once) {
        struct text body = {0};
        int failed = serve_scrape(&body, procs);
        if (body.len)
            fwrite(body.p, 1, body.len, stdout);
        int lost = cli_output_failed();
        free(body.p);
        serve_collectors_free();
        return !lost && failed == 0 ? CLI_OK : CLI_ERROR;
    }
    struct web_config *web = NULL;
    if (web_file && !(web = web_config_load(web_file))) {
        serve_collectors_free();
        return CLI_ERROR;
    }
    int lfd[HTTP_MAX_LISTEN];
    size_t open = 0, inherited = inherited_listeners(lfd, HTTP_MAX_LISTEN);
    if (inherited) { /* socket activation: systemd's sockets, not -l's */
        open = nlisten = inherited;
        for (size_t i = 0; i < inherited; i++)
            fprintf(stderr, "psutil serve: listening on fd %d (socket activation)%s\n", lfd[i],
                    web_config_cert(web) ? ", TLS" : "");
    }
    for (; open < nlisten; open++) {
        char shown[300];
        if ((lfd[open] = open_listener(host[open], port[open], shown, sizeof(shown))) < 0)
            break;
        fprintf(stderr, "psutil serve: listening on http%s://%s%s\n",
                web_config_cert(web) ? "s" : "", shown, path);
    }
    rc = CLI_ERROR;
    if (open == nlisten) {
        struct serve_config cfg = {
            .scrape = serve_scrape, .procs = procs, .telemetry_path = path, .web = web};
        rc = http_serve(lfd, nlisten, &cfg);
    }
    for (size_t i = 0; i < open; i++)
        close(lfd[i]);
    web_config_free(web);
    serve_collectors_free();
    return rc;
}
