/*
** main.c: the zeef command, dispatching to its subcommands: the CLI's
** (cli.h) and zeef serve (server/serve.h). The one file that knows both
** front ends. Whatever the command, output that did not reach its file (a
** full disk, a closed pipe) makes the exit status 2: no result is lost
** while the command reports success.
*/
#include "../server/serve.h"
#include "../worker/worker.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fputs("usage: zeef <command> [options]\n"
        "\n"
        "commands:\n"
        "  compare NAME1 NAME2 [--json]   score two person names, with explanation\n"
        "  analyze NAME [--json]          show script, tokens, Latin forms, keys, roles\n"
        "  screen --list [NAME=]FILE ... [INPUT|-]\n"
        "                                 screen travellers against watchlists (JSON lines)\n"
        "  mrz [FILE|-]                   print passport and ID card MRZs as read (JSON lines)\n"
        "  paxlst [FILE|-]                print a PAXLST passenger list as read (JSON lines)\n"
        "  pnr [FILE|-]                   print PNRGOV bookings as read (JSON lines)\n"
        "  rules check|test RULES ...     pre-determined criteria: checked, tried on bookings\n"
        "  lists show [NAME=]FILE         a list's version, publication date, digest and notes\n"
        "  lists diff [NAME=]OLD [NAME=]NEW\n"
        "                                 entities added, removed and changed between two versions\n"
        "  serve --list [NAME=]FILE ... [--listen HOST:PORT] [--keys FILE]\n"
        "                                 the screening service over HTTP (yente's /match, /screen)\n"
        "  worker --amqp URL --in QUEUE --out EXCHANGE --list [NAME=]FILE ...\n"
        "                                 screening traveller batches from a RabbitMQ queue\n"
        "  report [--format html|csv|text] [RESULTS|-]\n"
        "                                 the report a supervisor reads, from zeef screen's output\n"
        "  evaluate --list [NAME=]FILE ... LABELLED\n"
        "                                 recall, false alerts and precision per threshold\n"
        "  cases rescreen --store PATH --from [NAME=]OLD --to [NAME=]NEW\n"
        "                                 screen the stored travellers again for a list's changes\n"
        "  cases retain --store PATH      mask and delete what the retention periods say\n"
        "  audit verify|export --store PATH\n"
        "                                 check the case store's audit chain, or export it\n"
        "  version                        print the library and model versions\n"
        "  help COMMAND                   what a command does, its options, an example\n",
        f);
}

/* Each command's help: what it does, its options, an example. zeef screen
** and zeef serve print their own (their options are many). */
static const struct {
  const char *cmd, *text;
} helps[] = {
    {"compare", "usage: zeef compare NAME1 NAME2 [--json]\n"
                "scores two person names (0 to 1) and explains the alignment token by token\n"
                "  --json  the score, the pairs and the sentences as one JSON object\n"
                "example: zeef compare 'Aiman al-Zawahiri' 'أيمن الظواهري'\n"},
    {"analyze", "usage: zeef analyze NAME [--json]\n"
                "shows how zeef reads a name: its script, tokens, Latin forms, sound keys and roles,\n"
                "and the other readings compared (Han characters in Korean, Japanese, Wade-Giles)\n"
                "  --json  the same as one JSON object\n"
                "example: zeef analyze 'Abu Bakr al-Baghdadi'\n"},
    {"mrz", "usage: zeef mrz [FILE|-]\n"
            "prints each passport or ID card MRZ (blocks of 2 or 3 lines, blank lines between) as read,\n"
            "check digits verified, one JSON line each; standard input when - or none\n"
            "example: zeef mrz passports.txt\n"},
    {"paxlst", "usage: zeef paxlst [FILE|-]\n"
               "prints a UN/EDIFACT PAXLST passenger list as read: its flights and each person,\n"
               "one JSON line each; standard input when - or none\n"
               "example: zeef paxlst manifest.edi\n"},
    {"pnr", "usage: zeef pnr [FILE|-]\n"
            "prints UN/EDIFACT PNRGOV bookings as read: locators, dates, office, travellers with their\n"
            "documents, itinerary, contacts, payments (cards masked), each anomaly a warning naming its\n"
            "segment; one JSON line a booking; standard input when - or none\n"
            "example: zeef pnr bookings.edi\n"},
    {"rules", "usage: zeef rules check RULES\n"
              "       zeef rules test RULES [--broad PERCENT] PNRFILE...\n"
              "check: loads a rules file (docs/rules.md) as zeef screen --rules would: every rule, or\n"
              "       every reason one is refused (a protected characteristic or a proxy for one, a\n"
              "       review date passed, a purpose, legal basis or owner missing)\n"
              "test:  how many travellers and bookings each rule hits in PNRGOV files, with a sample;\n"
              "       exit 1 when a rule hits more than PERCENT (default 1) of the travellers\n"
              "example: zeef rules test rules.json bookings.edi\n"},
    {"lists", "usage: zeef lists show [NAME=]FILE [--json]\n"
              "       zeef lists diff [NAME=]OLD [NAME=]NEW [--json]\n"
              "show: a list's format, version, publication date, SHA-256 digest, entities and notes\n"
              "diff: the entities added, removed and changed between two versions of a list, and\n"
              "      for a change each field's values added and removed; exit 1 when they differ\n"
              "  --json  one JSON object (show) or one JSON line per change (diff)\n"
              "example: zeef lists diff un-yesterday.xml un-today.xml\n"},
};

/* zeef screen and zeef serve with the configuration file's options first
** (--config FILE, else $ZEEF_CONFIG; front/config.c), then the command
** line's. */
static int with_config(const char *cmd, int (*run)(int, char **), int argc, char **argv) {
  const char *path = getenv("ZEEF_CONFIG");
  char **conf = NULL, **all;
  int nconf = 0, n = 0, ret;
  char why[320];
  for (int i = 0; i + 1 < argc; i++)
    if (strcmp(argv[i], "--config") == 0) path = argv[i + 1];
  if (!path || !*path) return run(argc, argv);
  if (fe_config_args(path, cmd, &conf, &nconf, why, sizeof why)) {
    fprintf(stderr, "zeef %s: --config %s\n", cmd, why);
    return FE_EXIT_USAGE;
  }
  if (!(all = calloc((size_t)(nconf + argc + 1), sizeof *all))) {
    fe_config_free(conf, nconf);
    fe_error(cmd, "out of memory");
    return FE_EXIT_USAGE;
  }
  for (int i = 0; i < nconf; i++) all[n++] = conf[i];
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      i++;
      continue;
    }
    all[n++] = argv[i];
  }
  ret = run(n, all);
  free(all);
  fe_config_free(conf, nconf);
  return ret;
}

static int wants_help(int argc, char **argv) {
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
  return 0;
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return FE_EXIT_USAGE;
  }
  if (strcmp(argv[1], "help") == 0 && argc > 2) { /* zeef help CMD: CMD --help */
    char *again[] = {argv[0], argv[2], "--help", NULL};
    return dispatch(3, again);
  }
  for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
    if ((strcmp(argv[1], helps[i].cmd) == 0 || (strcmp(argv[1], "analyse") == 0 && strcmp(helps[i].cmd, "analyze") == 0)) &&
        wants_help(argc, argv)) {
      fputs(helps[i].text, stdout);
      return FE_EXIT_OK;
    }
  if (strcmp(argv[1], "compare") == 0) return cmd_compare(argc - 2, argv + 2);
  if (strcmp(argv[1], "analyze") == 0 || strcmp(argv[1], "analyse") == 0)
    return cmd_analyze(argc - 2, argv + 2);
  if (strcmp(argv[1], "screen") == 0) return with_config("screen", cmd_screen, argc - 2, argv + 2);
  if (strcmp(argv[1], "mrz") == 0) return cmd_mrz(argc - 2, argv + 2);
  if (strcmp(argv[1], "paxlst") == 0) return cmd_paxlst(argc - 2, argv + 2);
  if (strcmp(argv[1], "pnr") == 0) return cmd_pnr(argc - 2, argv + 2);
  if (strcmp(argv[1], "rules") == 0) return cmd_rules(argc - 2, argv + 2);
  if (strcmp(argv[1], "lists") == 0) return cmd_lists(argc - 2, argv + 2);
  if (strcmp(argv[1], "evaluate") == 0) return cmd_evaluate(argc - 2, argv + 2);
  if (strcmp(argv[1], "report") == 0) return cmd_report(argc - 2, argv + 2);
  if (strcmp(argv[1], "audit") == 0) return cmd_audit(argc - 2, argv + 2);
  if (strcmp(argv[1], "cases") == 0) return cmd_cases(argc - 2, argv + 2);
  if (strcmp(argv[1], "serve") == 0) return with_config("serve", srv_main, argc - 2, argv + 2);
  if (strcmp(argv[1], "worker") == 0) return worker_main(argc - 2, argv + 2);
  if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
    printf("zeef %s (model %s)\n", ZEEF_VERSION, ZEEF_MODEL_VERSION);
    return FE_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return FE_EXIT_OK;
  }
  fe_error(argv[1], "unknown command");
  usage(stderr);
  return FE_EXIT_USAGE;
}

int main(int argc, char **argv) {
  int ret = dispatch(argc, argv);
  /* A write error may show only when the last buffer goes out. */
  if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
    fprintf(stderr, "zeef: output cannot be written: %s\n", errno ? strerror(errno) : "write error");
    return FE_EXIT_USAGE;
  }
  return ret;
}
