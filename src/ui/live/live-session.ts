import { transfer } from "comlink";
import { createRoot, createSignal } from "solid-js";
import { z } from "zod";
import type { TickColumns } from "../../core/data/types.ts";
import { type AccountData, ALL_SYMBOLS, symbolSchema } from "../../core/protocol/relay.ts";
import { dataWorker } from "../data-worker.ts";
import { type RecorderStatus, TickRecorder } from "./recorder.ts";
import { type LinkState, makeRelayLink, type RelayLink, type RelayMark } from "./relay-link.ts";
import { TickBook } from "./tick-book.ts";

/** The relay the Live page connects to unless told otherwise (`npm run relay`'s address). */
export const DEFAULT_RELAY_URL = "ws://127.0.0.1:8765";

const settingsSchema = z.object({
  url: z.string().regex(/^wss?:\/\/./),
  /** `["*"]` for every symbol the relay serves. */
  symbols: z.array(z.union([symbolSchema, z.literal(ALL_SYMBOLS)])).min(1),
  /** Connected when the page was last left: connect again on load. */
  connect: z.boolean().default(false),
  /** Recording when the page was last left: record again on load, resuming after the last saved tick. */
  record: z.boolean().default(false),
});
export type LiveSettings = z.infer<typeof settingsSchema>;

const SETTINGS_KEY = "pipscope:live";
/** The token stays in this tab's session storage: it survives a reload, not the browser. */
const TOKEN_KEY = "pipscope:live:token";
/** The last tick the cache has acknowledged while recording: a reload resumes the relay after it. */
const SAVED_KEY = "pipscope:live:saved-up-to";
const markSchema = z.object({ relayId: z.string().min(1), seq: z.number().int().positive() });

/** Ticks go to the cache every 5 s, or sooner once 5,000 wait (one Parquet partition per symbol). */
const FLUSH_EVERY_MS = 5000;
const FLUSH_EVERY_TICKS = 5000;

function loadSavedMark(): RelayMark | undefined {
  try {
    const parsed = markSchema.safeParse(JSON.parse(localStorage.getItem(SAVED_KEY) ?? "null"));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores a batch in the data worker's cache, handing its columns over instead of copying them.
 * Ticks of the relay's synthetic source go to a recording of their own, labelled synthetic.
 */
function appendToCache(symbol: string, ticks: TickColumns, source: string) {
  const buffers = [ticks.time, ticks.bid, ticks.ask, ticks.last, ticks.volume, ticks.flags].map((c) => c.buffer);
  const origin = { label: `relay recording (${source})`, synthetic: source === "synthetic" };
  return dataWorker().appendTicks(symbol, transfer(ticks, buffers as ArrayBuffer[]), origin);
}

function loadSettings(): LiveSettings {
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "null"));
    if (parsed.success) return parsed.data;
  } catch {
    // unreadable settings: start from the defaults
  }
  return { url: DEFAULT_RELAY_URL, symbols: [ALL_SYMBOLS], connect: false, record: false };
}

type Balance = Extract<AccountData, { event: "balance_update" }>;
type Positions = Extract<AccountData, { event: "position_update" }>;

/**
 * The app's one connection to the relay, alive across page changes so the Dashboard can show the
 * account and a recording goes on while the user looks at other pages. Ticks go into a TickBook;
 * Solid sees only `version`, bumped at most once per animation frame.
 */
function makeLiveSession() {
  const [settings, setSettingsSignal] = createSignal(loadSettings());
  const [token, setTokenSignal] = createSignal(sessionStorage.getItem(TOKEN_KEY) ?? "");
  const [state, setState] = createSignal<LinkState>({ kind: "idle" });
  const [available, setAvailable] = createSignal<string[]>([]);
  const [version, setVersion] = createSignal(0);
  const [balance, setBalance] = createSignal<Balance>();
  const [positions, setPositions] = createSignal<Positions>();
  const [notice, setNotice] = createSignal<string>();
  const [recording, setRecording] = createSignal<RecorderStatus>({
    recording: false,
    saved: 0,
    savedUpTo: undefined,
    pending: 0,
    error: undefined,
    lost: 0,
  });
  /** What the relay last said it relays (`hello.source`): `synthetic`, `mt5-socket:8766`… */
  let relaySource = "relay";
  const recorder = new TickRecorder(
    (symbol, ticks) => appendToCache(symbol, ticks, relaySource),
    (status) => {
      setRecording(status);
      if (status.savedUpTo) localStorage.setItem(SAVED_KEY, JSON.stringify(status.savedUpTo));
      else localStorage.removeItem(SAVED_KEY);
    },
    FLUSH_EVERY_MS,
    FLUSH_EVERY_TICKS,
  );
  const book = new TickBook();
  let link: RelayLink | undefined;
  let frame = 0;
  /** The relay run last connected to, to tell a restart from a reconnection. */
  let relayId: string | undefined;
  let restarted = false;

  const redraw = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      setVersion(book.version);
    });
  };
  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

  const saveSettings = (next: LiveSettings) => {
    setSettingsSignal(next);
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
  };
  /** Stops recording; resolves once the ticks still waiting are saved. */
  const stopRecording = (): Promise<void> => {
    saveSettings({ ...settings(), record: false });
    return recorder.stop();
  };

  return {
    settings,
    token,
    state,
    /** Symbols the relay serves (from hello and heartbeats). */
    available,
    /** Changes when ticks arrived; read it, then read `book`. */
    version,
    book,
    balance,
    positions,
    /** The last thing worth telling the user: a relay error, a gap after resume, drops. */
    notice,
    /** Whether ticks are being recorded into the local cache, and how many are saved. */
    recording,

    /** Starts recording the ticks that arrive from now on into the local cache. */
    startRecording() {
      saveSettings({ ...settings(), record: true });
      recorder.start(link?.lastTick);
    },
    stopRecording,

    setUrl(url: string) {
      saveSettings({ ...settings(), url });
    },
    setToken(next: string) {
      setTokenSignal(next);
      sessionStorage.setItem(TOKEN_KEY, next);
    },
    /** Chooses the symbols (`["*"]`: all), on the relay too when connected. */
    setSymbols(symbols: string[]) {
      saveSettings({ ...settings(), symbols });
      link?.setSymbols(symbols);
    },

    /**
     * Connects to the relay. `resumeAfter` (a reload that was recording) asks the relay for every
     * tick after it, so the ticks not yet saved when the page went away are recorded after all.
     */
    connect(resumeAfter?: RelayMark) {
      saveSettings({ ...settings(), connect: true });
      link?.close();
      book.clear();
      setNotice(undefined);
      setBalance(undefined);
      setPositions(undefined);
      relayId = resumeAfter?.relayId;
      const current = makeRelayLink(
        { url: settings().url, token: token() || undefined, symbols: settings().symbols, resumeAfter },
        {
          state: (next) => {
            if (link === current) setState(next);
          },
          hello: (hello) => {
            restarted = relayId !== undefined && relayId !== hello.relay_id;
            if (restarted) setNotice("The relay restarted: ticks from while it was down were not relayed.");
            else setNotice(undefined);
            relayId = hello.relay_id;
            relaySource = hello.source;
            setAvailable(hello.symbols);
          },
          heartbeat: (beat) => {
            if (!sameList(beat.symbols, available())) setAvailable(beat.symbols);
          },
          tick: (tick) => {
            book.add(tick.data);
            if (relayId) recorder.add(tick.data, { relayId, seq: tick.seq });
            redraw();
          },
          account: (data) => (data.event === "balance_update" ? setBalance(data) : setPositions(data)),
          resumed: (resumed) => {
            if (!resumed.complete && !restarted) {
              setNotice(
                `Reconnected, but ticks before #${resumed.from_seq} had left the relay's buffer: some were missed.`,
              );
            }
          },
          dropped: (dropped) => setNotice(`This page fell behind: ${dropped.count} ticks were skipped (latest kept).`),
          problem: (message) => setNotice(message),
        },
      );
      link = current;
      current.connect();
    },
    /** Closes the connection; a recording stops too, saving what waits. */
    disconnect() {
      void stopRecording();
      saveSettings({ ...settings(), connect: false });
      link?.close();
      link = undefined;
      setState({ kind: "closed" });
    },
  };
}

export type LiveSession = ReturnType<typeof makeLiveSession>;

let session: LiveSession | undefined;

/**
 * The app's live session, made on first use and kept for the page's lifetime. It connects at
 * once when the user was connected the last time (so the Dashboard shows the account after a
 * reload); Disconnect stops that.
 */
export function liveSession(): LiveSession {
  if (!session) {
    session = createRoot(() => makeLiveSession());
    const { connect, record } = session.settings();
    if (connect && record) {
      const saved = loadSavedMark();
      session.connect(saved);
      session.startRecording(); // after the saved tick, where the link resumes
    } else if (connect) session.connect();
  }
  return session;
}
