// electron-builder beforePack: rebuild native modules (better-sqlite3) for the Electron being packed.
// Kept out of postinstall so `npm ci` leaves a Node build that the tests use.
const { rebuild } = require('@electron/rebuild')

exports.default = async function beforePack(context) {
  const electronVersion = context.packager.config.electronVersion ?? require('electron/package.json').version
  await rebuild({
    buildPath: context.packager.projectDir,
    electronVersion,
    arch: context.arch === 1 ? 'x64' : context.arch === 3 ? 'arm64' : undefined,
    onlyModules: ['better-sqlite3'],
    force: true
  })
}
