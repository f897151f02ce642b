//+------------------------------------------------------------------+
//| PipscopeBridge.mq5                                               |
//| The Pipscope relay's Expert Advisor: streams every tick of the   |
//| chosen symbols (CopyTicks, acknowledged, sent again after a      |
//| reconnect), account snapshots with positions and orders, and     |
//| answers history requests (CopyRates / CopyTicksRange) in         |
//| acknowledged chunks. Speaks relay/mql5/PROTOCOL.md, version 1.   |
//| Not compiled in MetaTrader by the Pipscope project: see README.  |
//+------------------------------------------------------------------+
#property copyright "Pipscope"
#property version   "2.00"
#property description "Streams ticks and account snapshots to the Pipscope relay and serves it history."

input string RelayHost = "127.0.0.1";                  // Relay host (add it to Tools > Options > Expert Advisors)
input int    RelayPort = 8766;                         // The relay's mt5-socket port
input string RelayToken = "";                          // The relay's --upstream-token, if it has one
input string Symbols   = "EURUSD,GBPUSD,USDJPY,XAUUSD"; // Symbols to stream, comma-separated
input int    PollMs    = 20;                           // How often new ticks are copied and sent, ms
input int    AccountSeconds   = 2;                     // Account snapshot every N seconds
input int    ReconnectSeconds = 3;                     // Wait between connection attempts

#define PROTOCOL_VERSION 1
#define EA_NAME "PipscopeBridge 2.00"
#define MAX_PENDING 200000       // ticks kept until the relay acknowledges them
#define ROWS_PER_LINE 300        // history rows per line: well under the 64 KiB line limit
#define HISTORY_MARGIN_S 14400   // a history request is widened by 4 h each side (PROTOCOL.md)

int    g_socket = INVALID_HANDLE;
bool   g_greeted = false;        // the relay answered our hello
bool   g_refused = false;        // the relay speaks another protocol version: stop trying
string g_session = "";           // new at each start of the EA; ticks are numbered within it
long   g_n = 0;                  // the last tick number given
string g_symbols[];
long   g_lastMsc[];              // time_msc of the last tick sent, per symbol
int    g_sentAtLast[];           // ticks of that millisecond already sent, per symbol
long   g_pendingN[];             // ticks sent and not acknowledged: numbers…
string g_pendingLine[];          // …and lines
long   g_offsetMsc = 0;          // trade server time minus UTC, ms
ulong  g_nextConnect = 0;
ulong  g_nextAccount = 0;
string g_inbox = "";             // bytes read from the relay, not yet a whole line

// The history answer in progress (one at a time).
string   g_histId = "";
bool     g_histBars = true;
MqlRates g_rates[];
MqlTick  g_histTicks[];
int      g_histRows = 0;
int      g_histChunkRows = 50000;
int      g_histNext = 0;          // the next chunk to send
int      g_histAcked = -1;        // the highest chunk acknowledged

//+------------------------------------------------------------------+
int OnInit()
  {
   int count = StringSplit(Symbols, ',', g_symbols);
   if(count <= 0)
     {
      Print("PipscopeBridge: no symbols in the Symbols input");
      return INIT_PARAMETERS_INCORRECT;
     }
   ArrayResize(g_lastMsc, count);
   ArrayResize(g_sentAtLast, count);
   for(int i = 0; i < count; i++)
     {
      StringTrimLeft(g_symbols[i]);
      StringTrimRight(g_symbols[i]);
      SymbolSelect(g_symbols[i], true); // ticks flow only for Market Watch symbols
      MqlTick now;
      // Stream from now on: history is what a pull asks for.
      g_lastMsc[i] = SymbolInfoTick(g_symbols[i], now) ? now.time_msc : 0;
      g_sentAtLast[i] = 1;
     }
   g_session = IntegerToString(AccountInfoInteger(ACCOUNT_LOGIN)) + "-" + IntegerToString((long)TimeLocal()) + "-" +
               IntegerToString((long)(GetMicrosecondCount() % 1000000));
   EventSetMillisecondTimer(PollMs);
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
   Disconnect();
  }

void OnTick()
  {
   StreamTicks();
  }

void OnTimer()
  {
   if(g_refused)
      return;
   if(!Connected())
      TryConnect();
   if(!Connected())
      return;
   UpdateServerOffset();
   ReadRelay();
   StreamTicks();
   PumpHistory();
   if(g_greeted && GetTickCount64() >= g_nextAccount)
     {
      SendAccount();
      g_nextAccount = GetTickCount64() + (ulong)AccountSeconds * 1000;
     }
  }

//+------------------------------------------------------------------+
//| Connection                                                       |
//+------------------------------------------------------------------+
bool Connected()
  {
   return g_socket != INVALID_HANDLE && SocketIsConnected(g_socket);
  }

void TryConnect()
  {
   if(GetTickCount64() < g_nextConnect)
      return;
   Disconnect();
   g_socket = SocketCreate();
   if(g_socket != INVALID_HANDLE && SocketConnect(g_socket, RelayHost, RelayPort, 1000))
     {
      Print("PipscopeBridge: connected to ", RelayHost, ":", RelayPort);
      if(RelayToken != "")
         Send(AuthLine(RelayToken));
      UpdateServerOffset();
      Send(HelloLine(EA_NAME, g_session, AccountInfoString(ACCOUNT_SERVER), AccountInfoString(ACCOUNT_COMPANY),
                     g_offsetMsc, SymbolList()));
      return;
     }
   Print("PipscopeBridge: cannot connect to ", RelayHost, ":", RelayPort, " (error ", GetLastError(),
         "); is the relay running and the host allowed in Tools > Options > Expert Advisors?");
   Disconnect();
   g_nextConnect = GetTickCount64() + (ulong)ReconnectSeconds * 1000;
  }

void Disconnect()
  {
   if(g_socket != INVALID_HANDLE)
      SocketClose(g_socket);
   g_socket = INVALID_HANDLE;
   g_greeted = false;
   g_inbox = "";
   g_histId = ""; // a client asks again from what it stored
  }

// Sends one line; on failure drops the socket so the timer reconnects.
bool Send(const string line)
  {
   if(!Connected())
      return false;
   uchar bytes[];
   int length = StringToCharArray(line, bytes, 0, WHOLE_ARRAY, CP_UTF8) - 1; // without the NUL
   if(SocketSend(g_socket, bytes, length) != length)
     {
      Print("PipscopeBridge: send failed (error ", GetLastError(), "), reconnecting");
      Disconnect();
      g_nextConnect = GetTickCount64() + (ulong)ReconnectSeconds * 1000;
      return false;
     }
   return true;
  }

//+------------------------------------------------------------------+
//| What the relay says: hello, ack, history, history_ack,           |
//| history_cancel, error. One JSON object per line.                 |
//+------------------------------------------------------------------+
void ReadRelay()
  {
   uint readable = SocketIsReadable(g_socket);
   if(readable == 0)
      return;
   uchar bytes[];
   int got = SocketRead(g_socket, bytes, readable, 10);
   if(got <= 0)
      return;
   g_inbox += CharArrayToString(bytes, 0, got, CP_UTF8);
   int end = StringFind(g_inbox, "\n");
   while(end >= 0)
     {
      string line = StringSubstr(g_inbox, 0, end);
      g_inbox = StringSubstr(g_inbox, end + 1);
      if(StringLen(line) > 0)
         OnRelayLine(line);
      end = StringFind(g_inbox, "\n");
     }
  }

void OnRelayLine(const string line)
  {
   string type = JsonString(line, "type");
   if(type == "hello")
     {
      if(JsonLong(line, "protocol") != PROTOCOL_VERSION)
        {
         Print("PipscopeBridge: the relay speaks protocol ", JsonLong(line, "protocol"), ", this EA ", PROTOCOL_VERSION,
               ": install the EA of the relay's version");
         g_refused = true;
         Disconnect();
         return;
        }
      g_greeted = true;
      Forget(JsonLong(line, "last_n"));
      // Everything the relay has not taken goes again, in order.
      for(int i = 0; i < ArraySize(g_pendingLine); i++)
         if(!Send(g_pendingLine[i]))
            return;
      g_nextAccount = 0;
     }
   else if(type == "ack")
      Forget(JsonLong(line, "n"));
   else if(type == "history")
      StartHistory(line);
   else if(type == "history_ack")
     {
      if(JsonString(line, "id") == g_histId)
         g_histAcked = MathMax(g_histAcked, (int)JsonLong(line, "chunk"));
     }
   else if(type == "history_cancel")
     {
      if(JsonString(line, "id") == g_histId)
         g_histId = "";
     }
   else if(type == "error")
     {
      Print("PipscopeBridge: the relay says ", JsonString(line, "code"), ": ", JsonString(line, "message"));
      if(JsonString(line, "code") == "PROTOCOL_VERSION")
         g_refused = true;
     }
  }

// Drops the kept ticks up to n: the relay has them.
void Forget(const long n)
  {
   int drop = 0;
   while(drop < ArraySize(g_pendingN) && g_pendingN[drop] <= n)
      drop++;
   if(drop > 0)
     {
      ArrayRemove(g_pendingN, 0, drop);
      ArrayRemove(g_pendingLine, 0, drop);
     }
  }

//+------------------------------------------------------------------+
//| Time: MqlTick.time_msc and POSITION_TIME_MSC are trade server    |
//| time; ticks go out in UTC. The server's offset is the difference |
//| of TimeTradeServer() and TimeGMT(), rounded to 15 minutes.       |
//| History goes out in server time (PROTOCOL.md, History).          |
//+------------------------------------------------------------------+
void UpdateServerOffset()
  {
   long seconds = (long)(TimeTradeServer() - TimeGMT());
   g_offsetMsc = (long)MathRound(seconds / 900.0) * 900 * 1000;
  }

//+------------------------------------------------------------------+
//| Ticks: every tick since the last one sent, per symbol, through   |
//| CopyTicks — nothing coalesces between two polls. Ticks of the    |
//| same millisecond as the last sent are skipped by count.          |
//+------------------------------------------------------------------+
void StreamTicks()
  {
   for(int i = 0; i < ArraySize(g_symbols); i++)
     {
      MqlTick ticks[];
      int got = CopyTicks(g_symbols[i], ticks, COPY_TICKS_ALL, (ulong)g_lastMsc[i], 5000);
      if(got <= 0)
         continue;
      int digits = (int)SymbolInfoInteger(g_symbols[i], SYMBOL_DIGITS);
      int sameMs = 0;
      for(int k = 0; k < got; k++)
        {
         if(ticks[k].time_msc == g_lastMsc[i])
           {
            sameMs++;
            if(sameMs <= g_sentAtLast[i])
               continue; // sent at the last poll
           }
         else
           {
            g_lastMsc[i] = ticks[k].time_msc;
            sameMs = 1;
           }
         g_sentAtLast[i] = sameMs;
         g_n++;
         string line = TickLine(g_n, g_symbols[i], ticks[k].bid, ticks[k].ask, ticks[k].last, ticks[k].volume_real,
                                ticks[k].time_msc - g_offsetMsc, ticks[k].flags, digits);
         Keep(g_n, line);
         if(g_greeted)
            Send(line);
        }
     }
  }

void Keep(const long n, const string line)
  {
   int size = ArraySize(g_pendingN);
   if(size >= MAX_PENDING)
     {
      ArrayRemove(g_pendingN, 0, 1);
      ArrayRemove(g_pendingLine, 0, 1);
      Print("PipscopeBridge: more than ", MAX_PENDING, " ticks unacknowledged; the oldest is dropped");
      size--;
     }
   ArrayResize(g_pendingN, size + 1, 10000);
   ArrayResize(g_pendingLine, size + 1, 10000);
   g_pendingN[size] = n;
   g_pendingLine[size] = line;
  }

//+------------------------------------------------------------------+
//| Account: balance, positions and pending orders                   |
//+------------------------------------------------------------------+
void SendAccount()
  {
   string positions = "";
   for(int i = 0; i < PositionsTotal(); i++)
     {
      ulong ticket = PositionGetTicket(i); // also selects the position
      if(ticket == 0)
         continue;
      string symbol = PositionGetString(POSITION_SYMBOL);
      string side = PositionGetInteger(POSITION_TYPE) == POSITION_TYPE_BUY ? "buy" : "sell";
      if(positions != "")
         positions += ",";
      positions += PositionJson((long)ticket, symbol, side, PositionGetDouble(POSITION_VOLUME),
                                PositionGetDouble(POSITION_PRICE_OPEN), PositionGetDouble(POSITION_PRICE_CURRENT),
                                PositionGetDouble(POSITION_SL), PositionGetDouble(POSITION_TP),
                                PositionGetDouble(POSITION_PROFIT), PositionGetDouble(POSITION_SWAP),
                                PositionGetInteger(POSITION_TIME_MSC) - g_offsetMsc,
                                (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS));
     }
   string orders = "";
   for(int i = 0; i < OrdersTotal(); i++)
     {
      ulong ticket = OrderGetTicket(i); // also selects the order
      if(ticket == 0)
         continue;
      string kind = OrderKind((ENUM_ORDER_TYPE)OrderGetInteger(ORDER_TYPE));
      if(kind == "")
         continue; // a market order being filled
      string symbol = OrderGetString(ORDER_SYMBOL);
      long expiration = OrderGetInteger(ORDER_TIME_EXPIRATION);
      if(orders != "")
         orders += ",";
      orders += OrderJson((long)ticket, symbol, kind, OrderGetDouble(ORDER_VOLUME_CURRENT),
                          OrderGetDouble(ORDER_PRICE_OPEN), OrderGetDouble(ORDER_SL), OrderGetDouble(ORDER_TP),
                          OrderGetInteger(ORDER_TIME_SETUP_MSC) - g_offsetMsc,
                          expiration > 0 ? expiration * 1000 - g_offsetMsc : 0,
                          (int)SymbolInfoInteger(symbol, SYMBOL_DIGITS));
     }
   Send(AccountLine(AccountInfoDouble(ACCOUNT_BALANCE), AccountInfoDouble(ACCOUNT_EQUITY),
                    AccountInfoDouble(ACCOUNT_MARGIN), AccountInfoDouble(ACCOUNT_MARGIN_FREE),
                    AccountInfoString(ACCOUNT_CURRENCY), positions, orders));
  }

string OrderKind(const ENUM_ORDER_TYPE type)
  {
   switch(type)
     {
      case ORDER_TYPE_BUY_LIMIT:       return "buy_limit";
      case ORDER_TYPE_SELL_LIMIT:      return "sell_limit";
      case ORDER_TYPE_BUY_STOP:        return "buy_stop";
      case ORDER_TYPE_SELL_STOP:       return "sell_stop";
      case ORDER_TYPE_BUY_STOP_LIMIT:  return "buy_stop_limit";
      case ORDER_TYPE_SELL_STOP_LIMIT: return "sell_stop_limit";
      default:                         return "";
     }
  }

//+------------------------------------------------------------------+
//| History: the whole range copied once, then sent in chunks, at    |
//| most two unacknowledged (PROTOCOL.md, History).                  |
//+------------------------------------------------------------------+
ENUM_TIMEFRAMES TimeframeOf(const string name)
  {
   if(name == "M1")  return PERIOD_M1;
   if(name == "M5")  return PERIOD_M5;
   if(name == "M15") return PERIOD_M15;
   if(name == "M30") return PERIOD_M30;
   if(name == "H1")  return PERIOD_H1;
   if(name == "H4")  return PERIOD_H4;
   if(name == "D1")  return PERIOD_D1;
   if(name == "W1")  return PERIOD_W1;
   if(name == "MN1") return PERIOD_MN1;
   return PERIOD_CURRENT;
  }

void StartHistory(const string line)
  {
   string id = JsonString(line, "id");
   string symbol = JsonString(line, "symbol");
   if(g_histId != "")
     {
      Send(ErrorLine(id, "BUSY", "the EA is answering another history request"));
      return;
     }
   if(!SymbolSelect(symbol, true))
     {
      Send(ErrorLine(id, "NO_SYMBOL", "symbol " + symbol + " is not in the terminal: error " + IntegerToString(GetLastError())));
      return;
     }
   // Today's offset, widened by 4 h each side: an older offset may differ by a DST hour.
   datetime from = (datetime)((JsonLong(line, "from_msc") + g_offsetMsc) / 1000 - HISTORY_MARGIN_S);
   datetime to = (datetime)((JsonLong(line, "to_msc") + g_offsetMsc) / 1000 + HISTORY_MARGIN_S);
   g_histBars = JsonString(line, "kind") == "bars";
   g_histChunkRows = (int)JsonLong(line, "chunk_rows");
   ResetLastError();
   if(g_histBars)
     {
      ENUM_TIMEFRAMES tf = TimeframeOf(JsonString(line, "timeframe"));
      g_histRows = CopyRates(symbol, tf, from, to, g_rates);
     }
   else
      g_histRows = CopyTicksRange(symbol, g_histTicks, COPY_TICKS_ALL, (ulong)from * 1000, (ulong)to * 1000);
   if(g_histRows < 0)
     {
      int error = GetLastError();
      Send(ErrorLine(id, "NO_HISTORY", (g_histBars ? "CopyRates" : "CopyTicksRange") + "(" + symbol +
                     ") failed: error " + IntegerToString(error)));
      return;
     }
   g_histId = id;
   g_histNext = 0;
   g_histAcked = -1;
   PumpHistory();
  }

void PumpHistory()
  {
   if(g_histId == "")
      return;
   int chunks = MathMax(1, (g_histRows + g_histChunkRows - 1) / g_histChunkRows);
   while(g_histNext < chunks && g_histNext - g_histAcked <= 2)
     {
      if(!SendChunk(g_histNext, chunks))
         return;
      g_histNext++;
     }
   if(g_histAcked >= chunks - 1)
      g_histId = "";
  }

bool SendChunk(const int chunk, const int chunks)
  {
   int from = chunk * g_histChunkRows;
   int to = MathMin(g_histRows, from + g_histChunkRows);
   for(int at = from; at < to; at += ROWS_PER_LINE)
     {
      int end = MathMin(to, at + ROWS_PER_LINE);
      if(!Send(g_histBars ? BarRowsLine(g_histId, chunk, at, end) : TickRowsLine(g_histId, chunk, at, end)))
         return false;
     }
   return Send(HistoryChunkLine(g_histId, chunk, to - from, chunk == chunks - 1 ? "true" : "false"));
  }

// A history_rows line of bars [from, to): `type` and `id` first (PROTOCOL.md), times in server ms.
string BarRowsLine(const string id, const int chunk, const int from, const int to)
  {
   string time = "", open = "", high = "", low = "", close = "", tickVolume = "", volume = "", spread = "";
   for(int i = from; i < to; i++)
     {
      string comma = i > from ? "," : "";
      time += comma + IntegerToString((long)g_rates[i].time * 1000);
      open += comma + DoubleToString(g_rates[i].open, 8);
      high += comma + DoubleToString(g_rates[i].high, 8);
      low += comma + DoubleToString(g_rates[i].low, 8);
      close += comma + DoubleToString(g_rates[i].close, 8);
      tickVolume += comma + IntegerToString(g_rates[i].tick_volume);
      volume += comma + IntegerToString(g_rates[i].real_volume);
      spread += comma + IntegerToString(g_rates[i].spread);
     }
   return "{\"type\":\"history_rows\",\"id\":\"" + id + "\",\"chunk\":" + IntegerToString(chunk) + ",\"time\":[" + time +
          "],\"open\":[" + open + "],\"high\":[" + high + "],\"low\":[" + low + "],\"close\":[" + close +
          "],\"tick_volume\":[" + tickVolume + "],\"volume\":[" + volume + "],\"spread\":[" + spread + "]}\n";
  }

string TickRowsLine(const string id, const int chunk, const int from, const int to)
  {
   string time = "", bid = "", ask = "", last = "", volume = "", flags = "";
   for(int i = from; i < to; i++)
     {
      string comma = i > from ? "," : "";
      time += comma + IntegerToString(g_histTicks[i].time_msc);
      bid += comma + DoubleToString(g_histTicks[i].bid, 8);
      ask += comma + DoubleToString(g_histTicks[i].ask, 8);
      last += comma + DoubleToString(g_histTicks[i].last, 8);
      volume += comma + DoubleToString(g_histTicks[i].volume_real, 2);
      flags += comma + IntegerToString(g_histTicks[i].flags);
     }
   return "{\"type\":\"history_rows\",\"id\":\"" + id + "\",\"chunk\":" + IntegerToString(chunk) + ",\"time\":[" + time +
          "],\"bid\":[" + bid + "],\"ask\":[" + ask + "],\"last\":[" + last + "],\"volume\":[" + volume +
          "],\"flags\":[" + flags + "]}\n";
  }

//+------------------------------------------------------------------+
//| Reading the relay's lines: the few fields the EA needs, found by |
//| name (the relay writes compact JSON without nested objects).     |
//+------------------------------------------------------------------+
string JsonString(const string line, const string field)
  {
   string key = "\"" + field + "\":\"";
   int at = StringFind(line, key);
   if(at < 0)
      return "";
   at += StringLen(key);
   int end = StringFind(line, "\"", at);
   return end < 0 ? "" : StringSubstr(line, at, end - at);
  }

long JsonLong(const string line, const string field)
  {
   string key = "\"" + field + "\":";
   int at = StringFind(line, key);
   if(at < 0)
      return 0;
   return StringToInteger(StringSubstr(line, at + StringLen(key), 24));
  }

string SymbolList()
  {
   string list = "";
   for(int i = 0; i < ArraySize(g_symbols); i++)
      list += (i > 0 ? "," : "") + "\"" + g_symbols[i] + "\"";
   return list;
  }

//+------------------------------------------------------------------+
//| The lines. Each is one expression so that the relay's tests can  |
//| evaluate it and check it against PROTOCOL.md and the relay's     |
//| parser (tests/unit/relay/ea.test.ts, protocol-doc.test.ts).      |
//+------------------------------------------------------------------+
string AuthLine(const string token)
  {
   return "{\"type\":\"auth\",\"token\":\"" + token + "\"}\n";
  }

string HelloLine(const string ea, const string session, const string server, const string company,
                 const long server_offset_ms, const string symbols)
  {
   return "{\"type\":\"hello\",\"protocol\":" + IntegerToString(PROTOCOL_VERSION) + ",\"ea\":\"" + ea +
          "\",\"session\":\"" + session + "\",\"server\":\"" + server + "\",\"company\":\"" + company +
          "\",\"server_offset_ms\":" + IntegerToString(server_offset_ms) + ",\"symbols\":[" + symbols +
          "],\"features\":[\"ticks\",\"history\",\"account\"]}\n";
  }

string TickLine(const long n, const string symbol, const double bid, const double ask, const double last,
                const double volume, const long time_msc, const uint flags, const int digits)
  {
   return "{\"type\":\"tick\",\"n\":" + IntegerToString(n) + ",\"symbol\":\"" + symbol + "\",\"bid\":" +
          DoubleToString(bid, digits) + ",\"ask\":" + DoubleToString(ask, digits) + ",\"last\":" +
          DoubleToString(last, digits) + ",\"volume\":" + DoubleToString(volume, 2) + ",\"time_msc\":" +
          IntegerToString(time_msc) + ",\"flags\":" + IntegerToString(flags) + ",\"digits\":" +
          IntegerToString(digits) + "}\n";
  }

string PositionJson(const long ticket, const string symbol, const string side, const double volume,
                    const double price_open, const double price_current, const double sl, const double tp,
                    const double profit, const double swap, const long time_msc, const int digits)
  {
   return "{\"ticket\":" + IntegerToString(ticket) + ",\"symbol\":\"" + symbol + "\",\"side\":\"" + side +
          "\",\"volume\":" + DoubleToString(volume, 2) + ",\"price_open\":" + DoubleToString(price_open, digits) +
          ",\"price_current\":" + DoubleToString(price_current, digits) + ",\"sl\":" + DoubleToString(sl, digits) +
          ",\"tp\":" + DoubleToString(tp, digits) + ",\"profit\":" + DoubleToString(profit, 2) +
          ",\"swap\":" + DoubleToString(swap, 2) + ",\"time_msc\":" + IntegerToString(time_msc) + "}";
  }

string OrderJson(const long ticket, const string symbol, const string kind, const double volume,
                 const double price_open, const double sl, const double tp, const long time_msc,
                 const long expiration_msc, const int digits)
  {
   return "{\"ticket\":" + IntegerToString(ticket) + ",\"symbol\":\"" + symbol + "\",\"kind\":\"" + kind +
          "\",\"volume\":" + DoubleToString(volume, 2) + ",\"price_open\":" + DoubleToString(price_open, digits) +
          ",\"sl\":" + DoubleToString(sl, digits) + ",\"tp\":" + DoubleToString(tp, digits) + ",\"time_msc\":" +
          IntegerToString(time_msc) + ",\"expiration_msc\":" + IntegerToString(expiration_msc) + "}";
  }

string AccountLine(const double balance, const double equity, const double margin, const double free_margin,
                   const string currency, const string positions, const string orders)
  {
   return "{\"type\":\"account\",\"balance\":" + DoubleToString(balance, 2) + ",\"equity\":" +
          DoubleToString(equity, 2) + ",\"margin\":" + DoubleToString(margin, 2) + ",\"free_margin\":" +
          DoubleToString(free_margin, 2) + ",\"currency\":\"" + currency + "\",\"positions\":[" + positions +
          "],\"orders\":[" + orders + "]}\n";
  }

string HistoryChunkLine(const string id, const int chunk, const int rows, const string last)
  {
   return "{\"type\":\"history_chunk\",\"id\":\"" + id + "\",\"chunk\":" + IntegerToString(chunk) + ",\"rows\":" +
          IntegerToString(rows) + ",\"last\":" + last + "}\n";
  }

string ErrorLine(const string id, const string code, const string message)
  {
   return "{\"type\":\"error\",\"id\":\"" + id + "\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}\n";
  }
//+------------------------------------------------------------------+
