#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { disablePactTelemetry } from '../pacticipants';
import { ExitCode, InputError, ProviderUnavailableError } from '../errors';
import { safeText } from '../shared/safe-text';
import { processIo, tolerateClosedPipes, type CliIo } from './io';
import { canIDeployCommand, publishCommand } from './broker';
import { checkPactsCommand } from './check-pacts';
import { diffCommand } from './diff';
import { restoreCommand } from './restore';
import { serveCommand } from './serve';
import { stubCommand } from './stub';
import { validateCommand } from './validate';
import { verifyCommand } from './verify';

/**
 * Runs the command line and resolves to its exit code. Every failure ends as
 * one readable message and the exit code of its kind, never a bare stack trace.
 */
export async function main(argv: string[], rawIo: CliIo = processIo): Promise<number> {
  // The one edge every command writes through: whatever a server or a document sent is data, so
  // no control character reaches a terminal raw and no line can start a CI workflow command.
  const io: CliIo = {
    ...rawIo,
    out: (text) => rawIo.out(safeText(text)),
    err: (text) => rawIo.err(safeText(text)),
    // `diff --format github`: the one line shape let through as a command, and nothing with a line break.
    annotation: (line) =>
      rawIo.out(/^::(error|warning|notice) [^\r\n\u0000-\u001f]*$/.test(line) ? line : safeText(line)),
  };
  disablePactTelemetry();
  let exitCode: number = ExitCode.Ok;
  // `serve` runs until a signal: its action resolves at once, and `done` is called later.
  let finished: (code: number) => void = () => undefined;
  const finishedLater = new Promise<number>((resolve) => (finished = resolve));
  let waitForDone = false;
  const done = (code: number) => {
    exitCode = code;
    finished(code);
  };

  // Usage errors throw (exit 2 below) instead of exiting, and all text goes through io.
  const wire = (command: Command) =>
    command
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  const program = wire(
    new Command('proficient-contract').description('Contract tests for Proficient AI POST /interactions/{id}.'),
  );
  for (const command of [
    verifyCommand(io, done),
    restoreCommand(io, done),
    serveCommand(io, done),
    validateCommand(io, done),
    diffCommand(io, done),
    checkPactsCommand(io, done),
    stubCommand(io, done),
    publishCommand(io, done),
    canIDeployCommand(io, done),
  ]) {
    program.addCommand(wire(command));
  }
  // serve and stub run until a signal: wait for them to say they are done.
  for (const name of ['serve', 'stub'])
    program.commands.find((c) => c.name() === name)!.hook('postAction', () => void (waitForDone = true));

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (waitForDone) return await finishedLater;
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; everything else commander raises is a usage error.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.help' ||
      error.code === 'commander.version'
      ? ExitCode.Ok
      : ExitCode.BadInput;
  }
  if (error instanceof InputError) {
    io.err(`error: ${error.message}`);
    if (error.hint) io.err(`  ${error.hint}`);
    return ExitCode.BadInput;
  }
  if (error instanceof ProviderUnavailableError) {
    io.err(`error: ${error.message}`);
    io.err(
      '  The contract was not judged (exit 3): check that the provider is up and the URL is right, then run again.',
    );
    return ExitCode.ProviderUnavailable;
  }
  io.err(`internal error: ${(error as Error)?.message ?? String(error)}`);
  io.err(
    '  This is a bug in the contract suite, not in your provider. Run with DEBUG=1 for the stack trace and report it.',
  );
  if (process.env.DEBUG) io.err(String((error as Error)?.stack));
  return ExitCode.BadInput;
}

if (require.main === module) {
  tolerateClosedPipes();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
