/**
 * One emulator per test file, and a clean slate before each test: the emulator back to its seed, no shared
 * HTTP clients left from the previous test, no QLIK_* variables but the first tenant's API key. The provider
 * reads its credentials from the environment, as in a stack without `qlik:` config.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator";
import { resetSharedClients } from "../../provider/http";

export function useEmulator(
  options: EmulatorOptions,
  assign: (emulator: EmulatorHandle) => void,
  eachTest?: (emulator: EmulatorHandle) => void,
): void {
  const savedEnv = { ...process.env };
  let emulator: EmulatorHandle;

  beforeAll(async () => {
    emulator = await startEmulator(options);
    assign(emulator);
  });

  afterAll(async () => {
    process.env = savedEnv;
    resetSharedClients();
    await emulator?.stop();
  });

  beforeEach(() => {
    emulator.reset();
    resetSharedClients();
    for (const key of Object.keys(process.env)) if (key.startsWith("QLIK_")) delete process.env[key];
    process.env.QLIK_API_KEY = emulator.tenants[0].apiKey;
    eachTest?.(emulator);
  });
}
