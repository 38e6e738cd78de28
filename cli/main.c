/*
** main.c: the zeef command, dispatching to its subcommands: the CLI's
** (cli.h) and zeef serve (server/serve.h). The one file that knows both
** front ends. Whatever the command, output that did not reach its file (a
** full disk, a closed pipe) makes the exit status 2: no result is lost
** while the command reports success.
*/
#include "cli.h"
#include "../server/serve.h"

#include <errno.h>
#include <stdio.h>
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
        "  lists show [NAME=]FILE         a list's version, publication date, digest and notes\n"
        "  lists diff [NAME=]OLD [NAME=]NEW\n"
        "                                 entities added, removed and changed between two versions\n"
        "  serve --list [NAME=]FILE ... [--listen HOST:PORT] [--keys FILE]\n"
        "                                 the screening service over HTTP (yente's /match, /screen)\n"
        "  version                        print the library and model versions\n",
        f);
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return FE_EXIT_USAGE;
  }
  if (strcmp(argv[1], "compare") == 0) return cmd_compare(argc - 2, argv + 2);
  if (strcmp(argv[1], "analyze") == 0 || strcmp(argv[1], "analyse") == 0)
    return cmd_analyze(argc - 2, argv + 2);
  if (strcmp(argv[1], "screen") == 0) return cmd_screen(argc - 2, argv + 2);
  if (strcmp(argv[1], "mrz") == 0) return cmd_mrz(argc - 2, argv + 2);
  if (strcmp(argv[1], "paxlst") == 0) return cmd_paxlst(argc - 2, argv + 2);
  if (strcmp(argv[1], "lists") == 0) return cmd_lists(argc - 2, argv + 2);
  if (strcmp(argv[1], "serve") == 0) return srv_main(argc - 2, argv + 2);
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
