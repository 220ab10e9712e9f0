/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hardware.c - the sensors collector (psutil_temperature_celsius, _high_, _critical_,
 * psutil_fan_rpm with node_exporter's hwmon chip and sensor labels, psutil_battery_*:
 * psutil_sensors_*), and node_exporter's collectors of sysfs inventory and error counts, read
 * below the library's sysfs root (psutil_get_root: HOST_SYS, as node_exporter's
 * --path.sysfs):
 *   edac   node_edac_{correctable,uncorrectable}_errors_total{controller}
 *          node_edac_csrow_{correctable,uncorrectable}_errors_total{controller,csrow}
 *          devices/system/edac/mc/mcN/{ce,ue}_count, {ce,ue}_noinfo_count (csrow
 *          "unknown"), csrowK/{ce,ue}_count (Documentation/admin-guide/ras.rst)
 *   nvme   node_nvme_info{device,firmware_revision,model,serial,state}
 *          class/nvme/nvmeN/{firmware_rev,model,serial,state}, blanks trimmed
 *   mdadm  node_md_state{device,state}, node_md_disks{device,state}, node_md_disks_required,
 *          node_md_blocks, node_md_blocks_synced (psutil_md_arrays: /proc/mdstat)
 *   cpufreq node_cpu_frequency_{,max_,min_}hertz{cpu}, node_cpu_scaling_frequency_{,max_,min_}
 *          hertz{cpu}: devices/system/cpu/cpuN/cpufreq/{cpuinfo,scaling}_{cur,max,min}_freq
 *          (kHz) in hertz, each where the file is (cpuinfo_cur_freq is root's only)
 *   hwmon  node_hwmon_<type>[_<property>]_<unit>{chip,sensor} for every sensor file of
 *          class/hwmon/hwmonN and its device/ (Documentation/hwmon/sysfs-interface.rst):
 *          temperatures in degrees, voltages in volts, currents in amperes, power in
 *          watts, energy in joules, fans in RPM, the rest as the file says, named, scaled
 *          and described as node_exporter's; node_hwmon_sensor_label, node_hwmon_chip_names
 *   powersupplyclass
 *          node_power_supply_<attribute>{power_supply}: each integer attribute of
 *          class/power_supply/NAME (Documentation/ABI/testing/sysfs-class-power) under
 *          node_exporter's name and scale (micro-units to units, tenths of a degree to
 *          degrees, as node_exporter divides them: charge_control_limit too), and
 *          node_power_supply_info{power_supply,type,status,...} with the text ones;
 *          --collector.powersupply.ignored-supplies leaves supplies out
 * A machine without the directories exports nothing, and the collector succeeds.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../cli/cli.h"
#include "serve.h"

int serve_sysfs_attr(const char *dir, const char *name, char *out, size_t size)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    out[n] = '\0';
    char *s = out;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
        len--;
    memmove(out, s, len);
    out[len] = '\0';
    return 0;
}

/* An attribute holding a counter; -1 when it is missing or not a number. */
static int counter(const char *dir, const char *name, double *v)
{
    char buf[64], *end;
    if (serve_sysfs_attr(dir, name, buf, sizeof(buf)) != 0 || buf[0] == '\0')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(buf, &end, 10);
    if (*end != '\0' || errno != 0 || buf[0] == '-')
        return -1;
    *v = (double)x;
    return 0;
}

unsigned *serve_numbered(const char *dir, const char *prefix, size_t *n)
{
    unsigned *v = NULL;
    size_t cap = 0, plen = strlen(prefix);
    *n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        const char *s = e->d_name + plen;
        if (strncmp(e->d_name, prefix, plen) != 0 || *s < '0' || *s > '9' ||
            strspn(s, "0123456789") != strlen(s) || strlen(s) > 6)
            continue;
        if (*n == cap)
            v = cli_realloc(v, cap = cap ? cap * 2 : 8, sizeof(*v));
        v[(*n)++] = (unsigned)atoi(s);
    }
    if (d)
        closedir(d);
    for (size_t i = 1; i < *n; i++) /* insertion sort: a handful of entries */
        for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            unsigned t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v;
}

void serve_sysfs_path(const char *rel, char *out, size_t size)
{
    char root[512];
    if (psutil_get_root(PSUTIL_ROOT_SYS, root, sizeof(root)) != 0)
        snprintf(root, sizeof(root), "/sys");
    snprintf(out, size, "%s/%s", root, rel);
}

int collect_edac(struct text *t, int procs)
{
    (void)procs;
    static const char *const names[] = {
        "node_edac_correctable_errors_total", "node_edac_uncorrectable_errors_total",
        "node_edac_csrow_correctable_errors_total", "node_edac_csrow_uncorrectable_errors_total"};
    static const char *const helps[] = {"Total correctable memory errors.",
                                        "Total uncorrectable memory errors.",
                                        "Total correctable memory errors for this csrow.",
                                        "Total uncorrectable memory errors for this csrow."};
    char base[700];
    serve_sysfs_path("devices/system/edac/mc", base, sizeof(base));
    size_t n;
    unsigned *mc = serve_numbered(base, "mc", &n);
    for (int f = 0; n && f < 4; f++) {
        family(t, names[f], "counter", helps[f]);
        const char *file = f % 2 ? "ue_count" : "ce_count";
        for (size_t i = 0; i < n; i++) {
            char dir[800], ctl[16], row[16];
            double v;
            snprintf(dir, sizeof(dir), "%s/mc%u", base, mc[i]);
            snprintf(ctl, sizeof(ctl), "%u", mc[i]);
            if (f < 2) {
                if (counter(dir, file, &v) == 0)
                    sample(t, names[f], v, "controller", ctl, NULL);
                continue;
            }
            size_t nrows;
            unsigned *rows = serve_numbered(dir, "csrow", &nrows);
            for (size_t r = 0; r < nrows; r++) {
                char rdir[900];
                snprintf(rdir, sizeof(rdir), "%s/csrow%u", dir, rows[r]);
                snprintf(row, sizeof(row), "%u", rows[r]);
                if (counter(rdir, file, &v) == 0)
                    sample(t, names[f], v, "controller", ctl, "csrow", row, NULL);
            }
            free(rows);
            if (counter(dir, f == 2 ? "ce_noinfo_count" : "ue_noinfo_count", &v) == 0)
                sample(t, names[f], v, "controller", ctl, "csrow", "unknown", NULL);
        }
    }
    free(mc);
    return 0;
}

int collect_nvme(struct text *t, int procs)
{
    (void)procs;
    char base[700];
    serve_sysfs_path("class/nvme", base, sizeof(base));
    size_t n;
    unsigned *dev = serve_numbered(base, "nvme", &n);
    if (n)
        family(t, "node_nvme_info", "gauge",
               "Non-numeric data from /sys/class/nvme/<device>, value is always 1.");
    for (size_t i = 0; i < n; i++) {
        char dir[800], name[32], fw[256], model[256], serial[256], state[64];
        snprintf(name, sizeof(name), "nvme%u", dev[i]);
        snprintf(dir, sizeof(dir), "%s/%s", base, name);
        if (serve_sysfs_attr(dir, "firmware_rev", fw, sizeof(fw)) != 0 ||
            serve_sysfs_attr(dir, "model", model, sizeof(model)) != 0 ||
            serve_sysfs_attr(dir, "serial", serial, sizeof(serial)) != 0 ||
            serve_sysfs_attr(dir, "state", state, sizeof(state)) != 0)
            continue; /* a controller that is going away */
        sample(t, "node_nvme_info", 1, "device", name, "firmware_revision", fw, "model", model,
               "serial", serial, "state", state, NULL);
    }
    free(dev);
    return 0;
}

/* node_exporter's powersupplyclass figures: the sysfs attribute, the metric's name after
 * node_power_supply_, and the divisor. */
static const struct supply_figure {
    const char *attr, *metric;
    double div;
} supply_figures[] = {
    {"authentic", "authentic", 1},
    {"calibrate", "calibrate", 1},
    {"capacity", "capacity", 1},
    {"capacity_alert_max", "capacity_alert_max", 1},
    {"capacity_alert_min", "capacity_alert_min", 1},
    {"cycle_count", "cyclecount", 1},
    {"online", "online", 1},
    {"present", "present", 1},
    {"time_to_empty_now", "time_to_empty_seconds", 1},
    {"time_to_full_now", "time_to_full_seconds", 1},
    {"current_boot", "current_boot", 1e6},
    {"current_max", "current_max", 1e6},
    {"current_now", "current_ampere", 1e6},
    {"energy_empty", "energy_empty", 1e6},
    {"energy_empty_design", "energy_empty_design", 1e6},
    {"energy_full", "energy_full", 1e6},
    {"energy_full_design", "energy_full_design", 1e6},
    {"energy_now", "energy_watthour", 1e6},
    {"voltage_boot", "voltage_boot", 1e6},
    {"voltage_max", "voltage_max", 1e6},
    {"voltage_max_design", "voltage_max_design", 1e6},
    {"voltage_min", "voltage_min", 1e6},
    {"voltage_min_design", "voltage_min_design", 1e6},
    {"voltage_now", "voltage_volt", 1e6},
    {"voltage_ocv", "voltage_ocv", 1e6},
    {"charge_control_limit", "charge_control_limit", 1e6},
    {"charge_control_limit_max", "charge_control_limit_max", 1e6},
    {"charge_counter", "charge_counter", 1e6},
    {"charge_empty", "charge_empty", 1e6},
    {"charge_empty_design", "charge_empty_design", 1e6},
    {"charge_full", "charge_full", 1e6},
    {"charge_full_design", "charge_full_design", 1e6},
    {"charge_now", "charge_ampere", 1e6},
    {"charge_term_current", "charge_term_current", 1e6},
    {"constant_charge_current", "constant_charge_current", 1e6},
    {"constant_charge_current_max", "constant_charge_current_max", 1e6},
    {"constant_charge_voltage", "constant_charge_voltage", 1e6},
    {"constant_charge_voltage_max", "constant_charge_voltage_max", 1e6},
    {"precharge_current", "precharge_current", 1e6},
    {"input_current_limit", "input_current_limit", 1e6},
    {"power_now", "power_watt", 1e6},
    {"temp", "temp_celsius", 10},
    {"temp_alert_max", "temp_alert_max_celsius", 10},
    {"temp_alert_min", "temp_alert_min_celsius", 10},
    {"temp_ambient", "temp_ambient_celsius", 10},
    {"temp_ambient_max", "temp_ambient_max_celsius", 10},
    {"temp_ambient_min", "temp_ambient_min_celsius", 10},
    {"temp_max", "temp_max_celsius", 10},
    {"temp_min", "temp_min_celsius", 10},
};
#define N_SUPPLY_FIGURES (sizeof(supply_figures) / sizeof(supply_figures[0]))
/* The text attributes of node_power_supply_info, in its label order after power_supply. */
static const char *const supply_texts[] = {
    "capacity_level", "charge_type", "health",     "manufacturer", "model_name", "scope",
    "serial_number",  "status",      "technology", "type",         "usb_type"};
#define N_SUPPLY_TEXTS (sizeof(supply_texts) / sizeof(supply_texts[0]))

/* An integer attribute (sysfs prints them signed: a current is negative while a battery
 * charges on some drivers); -1 when missing, unreadable or not a whole number. */
static int supply_int(const char *dir, const char *name, double *v)
{
    char buf[64], *end;
    if (serve_sysfs_attr(dir, name, buf, sizeof(buf)) != 0 || buf[0] == '\0')
        return -1;
    errno = 0;
    long long x = strtoll(buf, &end, 10);
    if (*end != '\0' || errno != 0)
        return -1;
    *v = (double)x;
    return 0;
}

struct supply {
    char name[256];
    double v[N_SUPPLY_FIGURES];
    unsigned char have[N_SUPPLY_FIGURES];
    char text[N_SUPPLY_TEXTS][256];
};

/* node_exporter's powersupplyclass collector, read below the sysfs root. */
int collect_powersupplyclass(struct text *t, int procs)
{
    (void)procs;
    char base[700];
    serve_sysfs_path("class/power_supply", base, sizeof(base));
    struct supply *sp = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(base);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(sp->name) ||
            serve_option_match("powersupply.ignored-supplies", e->d_name) == 1)
            continue;
        if (n == cap)
            sp = cli_realloc(sp, cap = cap ? cap * 2 : 4, sizeof(*sp));
        struct supply *x = &sp[n++];
        char dir[1000];
        memset(x, 0, sizeof(*x));
        snprintf(x->name, sizeof(x->name), "%s", e->d_name);
        snprintf(dir, sizeof(dir), "%s/%s", base, e->d_name);
        for (size_t f = 0; f < N_SUPPLY_FIGURES; f++)
            if (supply_int(dir, supply_figures[f].attr, &x->v[f]) == 0) {
                x->v[f] /= supply_figures[f].div;
                x->have[f] = 1;
            }
        for (size_t k = 0; k < N_SUPPLY_TEXTS; k++)
            if (serve_sysfs_attr(dir, supply_texts[k], x->text[k], sizeof(x->text[k])) != 0)
                x->text[k][0] = '\0';
    }
    if (d)
        closedir(d);
    for (size_t f = 0; f < N_SUPPLY_FIGURES; f++) {
        char name[128], help[200];
        snprintf(name, sizeof(name), "node_power_supply_%s", supply_figures[f].metric);
        snprintf(help, sizeof(help), "%s value of /sys/class/power_supply/<power_supply>.",
                 supply_figures[f].metric);
        int fam = 0;
        for (size_t i = 0; i < n; i++) {
            if (!sp[i].have[f])
                continue;
            if (!fam++)
                family(t, name, "gauge", help);
            sample(t, name, sp[i].v[f], "power_supply", sp[i].name, NULL);
        }
    }
    if (n)
        family(t, "node_power_supply_info", "gauge",
               "info of /sys/class/power_supply/<power_supply>.");
    for (size_t i = 0; i < n; i++) {
        /* An empty attribute is no label, as node_exporter leaves it out. */
        const char *keys[1 + N_SUPPLY_TEXTS], *values[1 + N_SUPPLY_TEXTS];
        size_t k = 0;
        keys[k] = "power_supply";
        values[k++] = sp[i].name;
        for (size_t j = 0; j < N_SUPPLY_TEXTS; j++)
            if (sp[i].text[j][0]) {
                keys[k] = supply_texts[j];
                values[k++] = sp[i].text[j];
            }
        sample_labels(t, "node_power_supply_info", keys, values, k, 1);
    }
    free(sp);
    return 0;
}

/* node_exporter's mdadm collector, from psutil_md_arrays (/proc/mdstat). */
int collect_mdadm(struct text *t, int procs)
{
    (void)procs;
    psutil_md_array_t *a;
    size_t n;
    int rc = psutil_md_arrays(&a, &n);
    if (rc != 0)
        return rc;
    if (n == 0) {
        psutil_free(a);
        return 0;
    }
    /* Each state node_exporter reports, and the library's name for it. */
    static const char *const states[][2] = {{"active", "active"},
                                            {"inactive", "inactive"},
                                            {"recovering", "recovering"},
                                            {"resync", "resyncing"},
                                            {"check", "checking"}};
    family(t, "node_md_state", "gauge", "Indicates the state of md-device.");
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < 5; s++)
            sample(t, "node_md_state", strcmp(a[i].state, states[s][1]) == 0, "device", a[i].name,
                   "state", states[s][0], NULL);
    family(t, "node_md_disks_required", "gauge", "Total number of disks of device.");
    for (size_t i = 0; i < n; i++)
        sample(t, "node_md_disks_required", (double)a[i].disks_required, "device", a[i].name, NULL);
    family(t, "node_md_disks", "gauge", "Number of active/failed/spare disks of device.");
    for (size_t i = 0; i < n; i++) {
        sample(t, "node_md_disks", (double)a[i].disks_active, "device", a[i].name, "state",
               "active", NULL);
        sample(t, "node_md_disks", (double)a[i].disks_failed, "device", a[i].name, "state",
               "failed", NULL);
        sample(t, "node_md_disks", (double)a[i].disks_spare, "device", a[i].name, "state", "spare",
               NULL);
    }
    family(t, "node_md_blocks", "gauge", "Total number of blocks on device.");
    for (size_t i = 0; i < n; i++)
        sample_u64(t, "node_md_blocks", a[i].blocks, "device", a[i].name, NULL);
    family(t, "node_md_blocks_synced", "gauge", "Number of blocks synced on device.");
    for (size_t i = 0; i < n; i++)
        sample_u64(t, "node_md_blocks_synced", a[i].blocks_synced, "device", a[i].name, NULL);
    psutil_free(a);
    return 0;
}

/* node_exporter's cleaning of a chip name part: lower case, every character but a-z,
 * 0-9, ':' and '_' replaced by '_', '_' trimmed at both ends. */
static void clean_chip_part(const char *in, size_t n, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < size; i++) {
        char c = in[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        out[k++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ? c : '_';
    }
    out[k] = '\0';
    size_t start = 0;
    while (out[start] == '_')
        start++;
    while (k > start && out[k - 1] == '_')
        k--;
    memmove(out, out + start, k - start);
    out[k - start] = '\0';
}

/* The chip label of every hwmon entry seen in one scrape, so temperatures and fans of one
 * chip share it and two chips never do. */
struct chip_ids {
    struct chip_id {
        char *hwmon, *id;
    } * v;
    size_t n;
};

static void chip_ids_free(struct chip_ids *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        free(ids->v[i].hwmon);
        free(ids->v[i].id);
    }
    free(ids->v);
}

/* node_exporter's chip name: "<device's parent>_<device>" from the resolved device link
 * ("nvme_nvme0", "platform_coretemp_0"), else the chip's name, else the hwmon entry. Two
 * entries that would share one (a device with two hwmon entries) are told apart by the
 * entry's own name appended. */
static const char *chip_id(struct chip_ids *ids, const char *name, const char *hwmon,
                           const char *device)
{
    char id[512] = "", part[256], parent[256];
    for (size_t i = 0; i < ids->n; i++)
        if (strcmp(ids->v[i].hwmon, hwmon) == 0)
            return ids->v[i].id;
    const char *base = strrchr(device, '/');
    if (device[0]) {
        const char *dev = base ? base + 1 : device;
        clean_chip_part(dev, strlen(dev), part, sizeof(part));
        parent[0] = '\0';
        if (base) {
            const char *pb = base;
            while (pb > device && pb[-1] != '/')
                pb--;
            clean_chip_part(pb, (size_t)(base - pb), parent, sizeof(parent));
        }
        if (parent[0] && part[0])
            snprintf(id, sizeof(id), "%s_%s", parent, part);
        else
            snprintf(id, sizeof(id), "%s", part);
    }
    if (!id[0])
        clean_chip_part(name, strlen(name), id, sizeof(id));
    if (!id[0])
        clean_chip_part(hwmon, strlen(hwmon), id, sizeof(id));
    for (size_t i = 0; i < ids->n; i++)
        if (strcmp(ids->v[i].id, id) == 0) {
            size_t len = strlen(id);
            snprintf(id + len, sizeof(id) - len, "_%s", hwmon);
            break;
        }
    ids->v = cli_realloc(ids->v, ids->n + 1, sizeof(*ids->v));
    ids->v[ids->n].hwmon = cli_strdup(hwmon);
    ids->v[ids->n].id = cli_strdup(id);
    return ids->v[ids->n++].id;
}

/* node_exporter's cpufreq collector. */
int collect_cpufreq(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        const char *file, *name, *help;
    } f[] = {
        {"cpuinfo_cur_freq", "node_cpu_frequency_hertz", "Current cpu thread frequency in hertz."},
        {"cpuinfo_max_freq", "node_cpu_frequency_max_hertz",
         "Maximum cpu thread frequency in hertz."},
        {"cpuinfo_min_freq", "node_cpu_frequency_min_hertz",
         "Minimum cpu thread frequency in hertz."},
        {"scaling_cur_freq", "node_cpu_scaling_frequency_hertz",
         "Current scaled CPU thread frequency in hertz."},
        {"scaling_max_freq", "node_cpu_scaling_frequency_max_hertz",
         "Maximum scaled CPU thread frequency in hertz."},
        {"scaling_min_freq", "node_cpu_scaling_frequency_min_hertz",
         "Minimum scaled CPU thread frequency in hertz."},
    };
    char base[700];
    serve_sysfs_path("devices/system/cpu", base, sizeof(base));
    size_t n;
    unsigned *cpu = serve_numbered(base, "cpu", &n);
    for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
        int fam = 0;
        for (size_t i = 0; i < n; i++) {
            char dir[800], num[16];
            double v;
            snprintf(dir, sizeof(dir), "%s/cpu%u/cpufreq", base, cpu[i]);
            if (counter(dir, f[k].file, &v) != 0)
                continue;
            if (!fam++)
                family(t, f[k].name, "gauge", f[k].help);
            snprintf(num, sizeof(num), "%u", cpu[i]);
            sample(t, f[k].name, v * 1000, "cpu", num, NULL);
        }
    }
    free(cpu);
    return 0;
}

/* --- node_exporter's hwmon collector ------------------------------------------------ */

/* The sensor types node_exporter reads; files of other types are left alone. */
static const char *const hwmon_types[] = {
    "vrm",  "beep_enable", "update_interval", "in",     "cpu",      "fan",      "pwm",
    "temp", "curr",        "power",           "energy", "humidity", "intrusion"};

/* A sensor file's name as TYPE[NUMBER][_PROPERTY] (TYPE the longest run of non-digits);
 * 0 when it is not one. */
static int hwmon_split(const char *file, char *type, size_t tsize, int *num, const char **prop)
{
    size_t tl = strcspn(file, "0123456789");
    if (tl == 0 || tl >= tsize)
        return 0;
    memcpy(type, file, tl);
    type[tl] = '\0';
    const char *p = file + tl;
    size_t dl = strspn(p, "0123456789");
    if (dl > 9)
        return 0;
    *num = dl ? atoi(p) : 0;
    p += dl;
    if (*p == '\0') {
        *prop = p;
        return 1;
    }
    if (*p != '_' || p[1] == '\0')
        return 0;
    *prop = p + 1;
    return 1;
}

struct hwmon_value {
    char sensor[64], prop[128], value[136];
};

/* The sensor files of dir into *v (a file twice: the later one wins, as device/ is read
 * after the entry itself). */
static void hwmon_read(const char *dir, struct hwmon_value **v, size_t *n)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        char type[40], path[1400], sensor[64];
        const char *prop;
        int num;
        if (!hwmon_split(e->d_name, type, sizeof(type), &num, &prop) || strlen(prop) >= 128)
            continue;
        size_t k = 0;
        while (k < sizeof(hwmon_types) / sizeof(hwmon_types[0]) && strcmp(hwmon_types[k], type))
            k++;
        if (k == sizeof(hwmon_types) / sizeof(hwmon_types[0]))
            continue;
        /* Up to 128 bytes, newlines trimmed at both ends (node_exporter's read). */
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        char raw[129];
        size_t got = fread(raw, 1, 128, f);
        int bad = ferror(f);
        fclose(f);
        if (bad)
            continue;
        raw[got] = '\0';
        char *val = raw;
        while (*val == '\n')
            val++;
        size_t len = strlen(val);
        while (len && val[len - 1] == '\n')
            val[--len] = '\0';
        snprintf(sensor, sizeof(sensor), "%s%d", type, num);
        size_t i = 0;
        while (i < *n && (strcmp((*v)[i].sensor, sensor) || strcmp((*v)[i].prop, prop)))
            i++;
        if (i == *n) {
            *v = cli_realloc(*v, *n + 1, sizeof(**v));
            (*n)++;
        }
        snprintf((*v)[i].sensor, sizeof((*v)[i].sensor), "%s", sensor);
        snprintf((*v)[i].prop, sizeof((*v)[i].prop), "%s", prop);
        snprintf((*v)[i].value, sizeof((*v)[i].value), "%s", val);
    }
    if (d)
        closedir(d);
}

/* One series of the scrape: written grouped by name once every chip is read. */
struct hwmon_series {
    char name[192], help[400], chip[512], sensor[64], label[136];
    double v;
    int counter, kind; /* kind 0: {chip,sensor}; 1: sensor_label; 2: chip_names */
};

static void hwmon_add(struct hwmon_series **s, size_t *n, int kind, const char *name,
                      const char *help, int counter, const char *chip, const char *sensor,
                      const char *label, double v)
{
    *s = cli_realloc(*s, *n + 1, sizeof(**s));
    struct hwmon_series *x = &(*s)[(*n)++];
    memset(x, 0, sizeof(*x));
    x->kind = kind;
    x->counter = counter;
    x->v = v;
    snprintf(x->name, sizeof(x->name), "%s", name);
    snprintf(x->help, sizeof(x->help), "%s", help);
    snprintf(x->chip, sizeof(x->chip), "%s", chip);
    snprintf(x->sensor, sizeof(x->sensor), "%s", sensor);
    snprintf(x->label, sizeof(x->label), "%s", label);
}

/* A whole number or decimal as Go's ParseFloat takes the files' values; 0 on success. */
static int hwmon_number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return -1;
    errno = 0;
    *v = strtod(s, &end);
    return *end || (errno == ERANGE && !isinf(*v) && *v != 0) ? -1 : 0;
}

/* Every series of one sensor's properties, named, scaled and described as node_exporter's. */
static void hwmon_sensor(struct hwmon_series **out, size_t *no, const char *chip,
                         const char *sensor, const struct hwmon_value *v, size_t n)
{
    char type[64], name[192], help[400], elem[140];
    const char *prop;
    int num;
    hwmon_split(sensor, type, sizeof(type), &num, &prop);
    const char *plain = NULL; /* the value of the file without a property ("pwm1") */
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].sensor, sensor) == 0 && v[i].prop[0] == '\0')
            plain = v[i].value;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].sensor, sensor) == 0 && strcmp(v[i].prop, "label") == 0)
            hwmon_add(out, no, 1, "node_hwmon_sensor_label", "Label for given chip and sensor", 0,
                      chip, sensor, v[i].value, 1);
    double x;
    if (strcmp(type, "beep_enable") == 0) {
        hwmon_add(out, no, 0, "node_hwmon_beep_enabled", "Hardware beep enabled", 0, chip, sensor,
                  "", plain && strcmp(plain, "1") == 0);
        return;
    }
    if (strcmp(type, "vrm") == 0 || strcmp(type, "update_interval") == 0) {
        int vrm = type[0] == 'v';
        if (plain && hwmon_number(plain, &x) == 0)
            hwmon_add(out, no, 0,
                      vrm ? "node_hwmon_voltage_regulator_version"
                          : "node_hwmon_update_interval_seconds",
                      vrm ? "Hardware voltage regulator" : "Hardware monitor update interval", 0,
                      chip, sensor, "", vrm ? x : x * 0.001);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].sensor, sensor) != 0 || strcmp(v[i].prop, "label") == 0)
            continue;
        const char *el = v[i].prop;
        snprintf(name, sizeof(name), "node_hwmon_%s", type);
        if (strcmp(el, "input") == 0) {
            if (plain) /* input is the value, unless the plain file is too */
                snprintf(name + strlen(name), sizeof(name) - strlen(name), "_input");
        } else if (el[0]) {
            char clean[140];
            clean_chip_part(el, strlen(el), clean, sizeof(clean));
            snprintf(name + strlen(name), sizeof(name) - strlen(name), "_%s", clean);
        }
        if (hwmon_number(v[i].value, &x) != 0)
            continue;
        size_t nl = strlen(name);
        snprintf(elem, sizeof(elem), "%s", el);
#define ADD(suffix, h, counter, value)                                                             \
    do {                                                                                           \
        char full[192];                                                                            \
        snprintf(full, sizeof(full), "%.*s%s", (int)nl, name, suffix);                             \
        hwmon_add(out, no, 0, full, h, counter, chip, sensor, "", value);                          \
    } while (0)
        if (strcmp(el, "fault") == 0 || strcmp(el, "alarm") == 0) {
            snprintf(help, sizeof(help), "Hardware sensor %s status (%s)", el, type);
            ADD("", help, 0, x);
        } else if (strcmp(el, "beep") == 0) {
            ADD("_enabled", "Hardware monitor sensor has beeping enabled", 0, x);
        } else if (strcmp(type, "in") == 0 || strcmp(type, "cpu") == 0) {
            snprintf(help, sizeof(help), "Hardware monitor for voltage (%s)", elem);
            ADD("_volts", help, 0, x * 0.001);
        } else if (strcmp(type, "temp") == 0 && strcmp(el, "type") != 0) {
            snprintf(help, sizeof(help), "Hardware monitor for temperature (%s)",
                     el[0] ? elem : "input");
            ADD("_celsius", help, 0, x * 0.001);
        } else if (strcmp(type, "curr") == 0) {
            snprintf(help, sizeof(help), "Hardware monitor for current (%s)", elem);
            ADD("_amps", help, 0, x * 0.001);
        } else if (strcmp(type, "energy") == 0) {
            snprintf(help, sizeof(help), "Hardware monitor for joules used so far (%s)", elem);
            ADD("_joule_total", help, 1, x / 1000000.0);
        } else if (strcmp(type, "power") == 0 && strcmp(el, "accuracy") == 0) {
            ADD("", "Hardware monitor power meter accuracy, as a ratio", 0, x / 1000000.0);
        } else if (strcmp(type, "power") == 0 && strncmp(el, "average_interval", 16) == 0 &&
                   (el[16] == '\0' || strcmp(el + 16, "_min") == 0 ||
                    strcmp(el + 16, "_max") == 0)) {
            snprintf(help, sizeof(help), "Hardware monitor power usage update interval (%s)", elem);
            ADD("_seconds", help, 0, x * 0.001);
        } else if (strcmp(type, "power") == 0) {
            snprintf(help, sizeof(help), "Hardware monitor for power usage in watts (%s)", elem);
            ADD("_watt", help, 0, x / 1000000.0);
        } else if (strcmp(type, "humidity") == 0) {
            snprintf(help, sizeof(help),
                     "Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the "
                     "humidity as a percentage) (%s)",
                     elem);
            ADD("", help, 0, x / 1000000.0);
        } else if (strcmp(type, "fan") == 0 &&
                   (strcmp(el, "input") == 0 || strcmp(el, "min") == 0 || strcmp(el, "max") == 0 ||
                    strcmp(el, "target") == 0)) {
            snprintf(help, sizeof(help), "Hardware monitor for fan revolutions per minute (%s)",
                     elem);
            ADD("_rpm", help, 0, x);
        } else {
            snprintf(help, sizeof(help), "Hardware monitor %s element %s", type, elem);
            ADD("", help, 0, x);
        }
#undef ADD
    }
}

int collect_hwmon(struct text *t, int procs)
{
    (void)procs;
    char base[700];
    serve_sysfs_path("class/hwmon", base, sizeof(base));
    struct hwmon_series *s = NULL;
    size_t ns = 0;
    struct chip_ids ids = {NULL, 0};
    /* In name order, as node_exporter reads them: where two series of one name would
     * carry different HELP texts, the first one's family keeps its own (below). */
    struct dirent **ents = NULL;
    int ne = scandir(base, &ents, NULL, alphasort);
    for (int ei = 0; ei < ne; ei++) {
        const struct dirent *e = ents[ei];
        char dir[1000], sub[1100], cname[256] = "", clean[256];
        struct stat st;
        snprintf(dir, sizeof(dir), "%s/%s", base, e->d_name);
        if (e->d_name[0] == '.' || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        /* node_exporter's chip name; a second chip of one name gets its entry's appended
         * (node_exporter would drop its series as duplicates). */
        snprintf(sub, sizeof(sub), "%s/device", dir);
        char *real = realpath(sub, NULL);
        int named = serve_sysfs_attr(dir, "name", cname, sizeof(cname)) == 0;
        if (!real) { /* no device link: the entry's resolved name is the last resort */
            char *self = realpath(dir, NULL);
            const char *b = self ? strrchr(self, '/') : NULL;
            snprintf(clean, sizeof(clean), "%s", b ? b + 1 : e->d_name);
            free(self);
        } else
            snprintf(clean, sizeof(clean), "%s", e->d_name);
        const char *chip = chip_id(&ids, named ? cname : "", clean, real ? real : "");
        free(real);
        struct hwmon_value *v = NULL;
        size_t nv = 0;
        hwmon_read(dir, &v, &nv);
        snprintf(sub, sizeof(sub), "%s/device", dir);
        if (stat(sub, &st) == 0)
            hwmon_read(sub, &v, &nv);
        if (named) {
            clean_chip_part(cname, strlen(cname), clean, sizeof(clean));
            if (clean[0])
                hwmon_add(&s, &ns, 2, "node_hwmon_chip_names",
                          "Annotation metric for human-readable chip names", 0, chip, "", clean, 1);
        }
        for (size_t i = 0; i < nv; i++) {
            size_t j = 0; /* each sensor once */
            while (j < i && strcmp(v[j].sensor, v[i].sensor))
                j++;
            if (j == i)
                hwmon_sensor(&s, &ns, chip, v[i].sensor, v, nv);
        }
        free(v);
    }
    for (int ei = 0; ei < ne; ei++)
        free(ents[ei]);
    free(ents);
    chip_ids_free(&ids);
    /* Grouped by name, each family once; a series whose HELP differs from its family's
     * first is left out, as Prometheus's client drops it from node_exporter's scrape. */
    for (size_t i = 0; i < ns; i++) {
        size_t j = 0;
        while (j < i && strcmp(s[j].name, s[i].name))
            j++;
        if (j < i)
            continue;
        family(t, s[i].name, s[i].counter ? "counter" : "gauge", s[i].help);
        for (size_t k = i; k < ns; k++) {
            if (strcmp(s[k].name, s[i].name) || strcmp(s[k].help, s[i].help))
                continue;
            if (s[k].kind == 1)
                sample(t, s[k].name, s[k].v, "chip", s[k].chip, "label", s[k].label, "sensor",
                       s[k].sensor, NULL);
            else if (s[k].kind == 2)
                sample(t, s[k].name, s[k].v, "chip", s[k].chip, "chip_name", s[k].label, NULL);
            else
                sample(t, s[k].name, s[k].v, "chip", s[k].chip, "sensor", s[k].sensor, NULL);
        }
    }
    free(s);
    return 0;
}

int collect_sensors(struct text *t, int procs)
{
    (void)procs;
    psutil_temperature_t *tp;
    psutil_fan_t *fans;
    psutil_battery_t bat;
    size_t nt, nf;
    int rc = psutil_sensors_temperatures(&tp, &nt);
    if (rc != 0)
        return rc;
    if ((rc = psutil_sensors_fans(&fans, &nf)) != 0) {
        psutil_free(tp);
        return rc;
    }
    int brc = psutil_sensors_battery(&bat);
    if (brc != 0 && brc != PSUTIL_ENOTSUP) {
        psutil_free(tp);
        psutil_free(fans);
        return brc;
    }
    /* One label set per sensor: the chip named as node_exporter names it, the sensor by
     * its sysfs index ("temp1", "fan1"; "zone0" for thermal zones). */
    struct chip_ids ids = {NULL, 0};
    static const char *const tnames[] = {"psutil_temperature_celsius",
                                         "psutil_temperature_high_celsius",
                                         "psutil_temperature_critical_celsius"};
    static const char *const thelps[] = {
        "Temperature.", "Temperature at which the sensor reports high.", "Critical temperature."};
    for (int f = 0; f < 3; f++) {
        family(t, tnames[f], "gauge", thelps[f]);
        for (size_t i = 0; i < nt; i++) {
            double v = f == 0 ? tp[i].current : f == 1 ? tp[i].high : tp[i].critical;
            int zone = strncmp(tp[i].hwmon, "thermal_zone", 12) == 0;
            char sensor[32];
            snprintf(sensor, sizeof(sensor), "%s%d", zone ? "zone" : "temp", tp[i].index);
            const char *chip = chip_id(&ids, tp[i].chip, tp[i].hwmon, tp[i].device);
            if (!isnan(v))
                sample(t, tnames[f], v, "chip", chip, "sensor", sensor, "label", tp[i].label, NULL);
        }
    }
    family(t, "psutil_fan_rpm", "gauge", "Fan speed in revolutions per minute.");
    for (size_t i = 0; i < nf; i++) {
        char sensor[32];
        snprintf(sensor, sizeof(sensor), "fan%d", fans[i].index);
        sample_u64(t, "psutil_fan_rpm", fans[i].rpm, "chip",
                   chip_id(&ids, fans[i].chip, fans[i].hwmon, fans[i].device), "sensor", sensor,
                   "label", fans[i].label, NULL);
    }
    if (brc == 0) {
        family(t, "psutil_battery_percent", "gauge", "Battery charge, percent.");
        sample(t, "psutil_battery_percent", bat.percent, NULL);
        family(t, "psutil_battery_seconds_left", "gauge",
               "Seconds until the battery is empty; +Inf on AC power, NaN when unknown.");
        sample(t, "psutil_battery_seconds_left",
               bat.secsleft == PSUTIL_POWER_TIME_UNLIMITED ? INFINITY
               : bat.secsleft < 0                          ? NAN
                                                           : bat.secsleft,
               NULL);
        if (bat.power_plugged >= 0) {
            family(t, "psutil_battery_power_plugged", "gauge", "1 on AC power, 0 on battery.");
            sample(t, "psutil_battery_power_plugged", bat.power_plugged, NULL);
        }
    }
    chip_ids_free(&ids);
    psutil_free(tp);
    psutil_free(fans);
    return 0;
}
