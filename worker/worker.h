/*
** worker.h: `zeef worker`, screening on a message broker (worker.c). A
** front end beside the CLI and the service: cli/main.c calls it.
*/
#ifndef ZEEF_WORKER_H
#define ZEEF_WORKER_H

/* Runs `zeef worker` with its arguments (after "worker"); the exit status. */
int worker_main(int argc, char **argv);

#endif
