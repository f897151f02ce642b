//+------------------------------------------------------------------+
//| PipscopeTickRelay.mq5                                            |
//| Sends ticks of chosen symbols and account snapshots to the       |
//| Pipscope relay (`npm run relay -- --source mt5-socket:8766`),    |
//| one JSON object per line over TCP. See relay/mql5/README.md.     |
//+------------------------------------------------------------------+
#property copyright "Pipscope"
#property version   "1.10"
#property description "Streams ticks and account snapshots to the Pipscope relay."

input string RelayHost = "127.0.0.1";                  // Relay host (add it to Tools > Options > Expert Advisors)
input int    RelayPort = 8766;                         // The relay's mt5-socket port
input string RelayToken = "";                          // The relay's --upstream-token, if it has one
input string Symbols   = "EURUSD,GBPUSD,USDJPY,XAUUSD"; // Symbols to stream, comma-separated
input int    PollMs    = 50;                           // How often other symbols are polled, ms
input int    AccountSeconds   = 2;                     // Account snapshot every N seconds
input int    ReconnectSeconds = 3;                     // Wait between connection attempts

int    g_socket = INVALID_HANDLE;
string g_symbols[];
long   g_lastMsc[];
long   g_offsetMsc = 0;       // trade server time minus UTC, ms
ulong  g_nextConnect = 0;     // GetTickCount64() of the next connection attempt
ulong  g_nextAccount = 0;

//+------------------------------------------------------------------+
int OnInit()
  {
   int count = StringSplit(Symbols, ',', g_symbols);
   if(count <= 0)
     {
      Print("PipscopeTickRelay: no symbols in the Symbols input");
      return INIT_PARAMETERS_INCORRECT;
     }
   ArrayResize(g_lastMsc, count);
   for(int i = 0; i < count; i++)
     {
      StringTrimLeft(g_symbols[i]);
      StringTrimRight(g_symbols[i]);
      SymbolSelect(g_symbols[i], true); // ticks flow only for Market Watch symbols
      g_lastMsc[i] = 0;
     }
   EventSetMillisecondTimer(PollMs);
   return INIT_SUCCEEDED;
  }

void OnDeinit(const int reason)
  {
   EventKillTimer();
   Disconnect();
  }

// The chart's own symbol: react at once instead of waiting for the timer.
void OnTick()
  {
   SendTicks();
  }

void OnTimer()
  {
   if(!Connected())
      TryConnect();
   UpdateServerOffset();
   SendTicks();
   if(GetTickCount64() >= g_nextAccount)
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
      Print("PipscopeTickRelay: connected to ", RelayHost, ":", RelayPort);
      // A relay with --upstream-token drops a connection whose first line does not carry it.
      if(RelayToken != "")
         Send(AuthLine(RelayToken));
      ArrayInitialize(g_lastMsc, 0);
      g_nextAccount = 0;
      return;
     }
   Print("PipscopeTickRelay: cannot connect to ", RelayHost, ":", RelayPort, " (error ", GetLastError(),
         "); is the relay running and the host allowed in Tools > Options > Expert Advisors?");
   Disconnect();
   g_nextConnect = GetTickCount64() + (ulong)ReconnectSeconds * 1000;
  }

void Disconnect()
  {
   if(g_socket != INVALID_HANDLE)
      SocketClose(g_socket);
   g_socket = INVALID_HANDLE;
  }

// Sends one line; on failure drops the socket so the timer reconnects.
void Send(const string line)
  {
   if(!Connected())
      return;
   uchar bytes[];
   // StringToCharArray counts the terminating NUL; the relay skips NULs, but there is no need to send it.
   int length = StringToCharArray(line, bytes, 0, WHOLE_ARRAY, CP_UTF8) - 1;
   if(SocketSend(g_socket, bytes, length) != length)
     {
      Print("PipscopeTickRelay: send failed (error ", GetLastError(), "), reconnecting");
      Disconnect();
      g_nextConnect = GetTickCount64() + (ulong)ReconnectSeconds * 1000;
     }
  }

//+------------------------------------------------------------------+
//| Time: MqlTick.time_msc and POSITION_TIME_MSC are trade server    |
//| time; the relay wants UTC. The server's offset is the difference |
//| of TimeTradeServer() and TimeGMT(), rounded to 15 minutes (time  |
//| zones are whole quarter hours; the two clocks differ by a few    |
//| seconds of latency).                                             |
//+------------------------------------------------------------------+
void UpdateServerOffset()
  {
   long seconds = (long)(TimeTradeServer() - TimeGMT());
   g_offsetMsc = (long)MathRound(seconds / 900.0) * 900 * 1000;
  }

//+------------------------------------------------------------------+
//| Ticks: the latest tick of each symbol, sent when it is new.      |
//| Ticks of other symbols that arrive between two polls coalesce to |
//| the latest; the chart symbol gets every tick through OnTick.     |
//+------------------------------------------------------------------+
void SendTicks()
  {
   for(int i = 0; i < ArraySize(g_symbols); i++)
     {
      MqlTick tick;
      if(!SymbolInfoTick(g_symbols[i], tick) || tick.time_msc == g_lastMsc[i])
         continue;
      g_lastMsc[i] = tick.time_msc;
      int digits = (int)SymbolInfoInteger(g_symbols[i], SYMBOL_DIGITS);
      Send(TickLine(g_symbols[i], tick.bid, tick.ask, tick.last, tick.volume_real, tick.time_msc - g_offsetMsc,
                    tick.flags, digits));
     }
  }

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
   Send(AccountLine(AccountInfoDouble(ACCOUNT_BALANCE), AccountInfoDouble(ACCOUNT_EQUITY),
                    AccountInfoDouble(ACCOUNT_MARGIN), AccountInfoDouble(ACCOUNT_MARGIN_FREE),
                    AccountInfoString(ACCOUNT_CURRENCY), positions));
  }

//+------------------------------------------------------------------+
//| The lines. Each is one expression so that the relay's tests can  |
//| evaluate it and check that the relay parses what the EA sends    |
//| (tests/unit/relay/ea.test.ts).                                   |
//+------------------------------------------------------------------+
string AuthLine(const string token)
  {
   return "{\"type\":\"auth\",\"token\":\"" + token + "\"}\n";
  }

string TickLine(const string symbol, const double bid, const double ask, const double last, const double volume,
                const long time_msc, const uint flags, const int digits)
  {
   return "{\"type\":\"tick\",\"symbol\":\"" + symbol + "\",\"bid\":" + DoubleToString(bid, digits) +
          ",\"ask\":" + DoubleToString(ask, digits) + ",\"last\":" + DoubleToString(last, digits) +
          ",\"volume\":" + DoubleToString(volume, 2) + ",\"time_msc\":" + IntegerToString(time_msc) +
          ",\"flags\":" + IntegerToString(flags) + ",\"digits\":" + IntegerToString(digits) + "}\n";
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

string AccountLine(const double balance, const double equity, const double margin, const double free_margin,
                   const string currency, const string positions)
  {
   return "{\"type\":\"account\",\"balance\":" + DoubleToString(balance, 2) + ",\"equity\":" +
          DoubleToString(equity, 2) + ",\"margin\":" + DoubleToString(margin, 2) + ",\"free_margin\":" +
          DoubleToString(free_margin, 2) + ",\"currency\":\"" + currency + "\",\"positions\":[" + positions + "]}\n";
  }
//+------------------------------------------------------------------+
