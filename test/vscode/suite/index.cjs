// Runs inside VS Code desktop's extension host (see ../runTest.mjs): checks that the extension
// activates, registers every command of its manifest and reads the sample profiles.
const assert = require('node:assert/strict');
const { writeFileSync } = require('node:fs');
const vscode = require('vscode');

exports.run = async function run() {
  writeFileSync(process.env.AWS_CONFIG_FILE, '[default]\nregion = us-east-1\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/CrossAccountPowerUser\nsource_profile = default\n');
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n');
  const extension = vscode.extensions.getExtension('aws-profiles.aws-profiles');
  assert.ok(extension, 'the extension is installed');
  await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const { command } of extension.packageJSON.contributes.commands) {
    assert.ok(commands.includes(command), `${command} is registered`);
  }
  await vscode.commands.executeCommand('awsProfiles.reload');
  console.log('test:vscode: the extension activated and registered its commands');
};
