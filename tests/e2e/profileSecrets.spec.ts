import { startRecordingListener } from '../support/recordingListener';
import { startRedisServer } from '../support/redisServer';
import { createProfile, expect, saveScreenshot, test } from './fixtures/labwireTest';

const PASSWORD = 'e2e-canary-7d41c0-password';

test('changing the port asks for the password again, and the saved password never reaches the new port', async ({ page, labwire }, testInfo) => {
  const guarded = await startRedisServer({ args: ['--requirepass', PASSWORD] });
  const listener = await startRecordingListener();
  try {
    await page.goto(labwire.url);
    await createProfile(page, { name: 'Guarded Redis', host: '127.0.0.1', port: guarded.port, password: PASSWORD });
    const form = page.getByRole('form', { name: 'Profile settings' });
    await expect(form.getByTestId('password-state')).toHaveText('stored');
    await expect(form.getByTestId('password-asked-again')).toHaveCount(0);

    await form.getByLabel('Port', { exact: true }).fill(String(listener.port));
    await expect(form.getByTestId('password-asked-again')).toHaveText(
      'The server settings changed (address, port, user name or encryption), so Labwire will ask for the password again. Enter it here, or leave it empty if this server has no password.',
    );
    await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
    await saveScreenshot(page, testInfo, 'password-asked-again');

    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => listener.connectionCount()).toBeGreaterThan(0);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved "Guarded Redis".' })).toContainText(
      'The old password was not kept because the server changed',
    );
    await expect(form.getByTestId('password-state')).toHaveCount(0);
    await expect(form.getByText('Leave empty if the server has no password.')).toBeVisible();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => listener.received().length).toBeGreaterThan(0);
    await saveScreenshot(page, testInfo, 'saved-without-password');
    expect(listener.received().toString('latin1')).not.toContain(PASSWORD);
  } finally {
    await listener.close();
    await guarded.stop();
  }
});

test('an imported TLS profile comes without file paths and asks for its certificate files', async ({ page, labwire }, testInfo) => {
  await page.goto(labwire.url);
  const exported = {
    format: 'labwire-profiles',
    version: 1,
    profiles: [
      {
        name: 'Beamline TLS',
        host: 'redis.beamline.lab',
        port: 6380,
        tls: { isEnabled: true, caFile: '/home/someone/.ssh/id_rsa', certFile: '/etc/lab/client.pem', keyFile: '/etc/lab/client.key', servername: '', shouldVerify: true },
      },
    ],
  };
  await page.getByLabel('Import profiles from a JSON file').setInputFiles({
    name: 'labwire-profiles.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await page.getByRole('button', { name: /Beamline TLS/ }).click();
  const form = page.getByRole('form', { name: 'Profile settings' });
  await expect(form.getByTestId('choose-tls-files')).toContainText('This profile was imported.');
  await expect(form.getByLabel('CA certificate file', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('Client certificate file', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('Client key file', { exact: true })).toHaveValue('');
  await saveScreenshot(page, testInfo, 'imported-tls-profile');

  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('choose-tls-files')).toHaveCount(0);
});
