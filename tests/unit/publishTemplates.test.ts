import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fillTemplate, hasMessageId, PUBLISH_TEMPLATES, templatesForChannel } from '../../src/shared/publishTemplates';
import type { PublishTemplate } from '../../src/shared/publishing';

const VALUES = { messageId: 'c0ffee00-0000-4000-8000-000000000001', nowSeconds: 1_718_000_000.25, id: 'alex' };

function template(id: string): PublishTemplate {
  const found = PUBLISH_TEMPLATES.find((candidate) => candidate.id === id);
  assert.ok(found, `template ${id} exists`);
  return found;
}

describe('publish templates', () => {
  test('every template is valid JSON before and after filling, and leaves no placeholder behind', () => {
    const problems = PUBLISH_TEMPLATES.flatMap((candidate) => {
      const filled = fillTemplate(candidate, VALUES);
      const found: string[] = [];
      try {
        JSON.parse(candidate.payload);
      } catch {
        found.push(`${candidate.id}: template is not JSON`);
      }
      try {
        JSON.parse(filled.payload);
      } catch {
        found.push(`${candidate.id}: filled payload is not JSON`);
      }
      if (/\{\{|\{id\}/.test(filled.payload + filled.channel)) found.push(`${candidate.id}: placeholder left`);
      return found;
    });
    assert.deepStrictEqual(problems, []);
  });

  test('a user command gets the channel id, a message id and the time as a number', () => {
    const filled = fillTemplate(template('user-command'), VALUES);
    assert.deepStrictEqual({ ...filled, payload: JSON.parse(filled.payload) }, {
      channel: 'user:alex:commands',
      encoding: 'json',
      payload: {
        type: 'command',
        message_id: VALUES.messageId,
        command: 'start_recording',
        params: {},
        source: 'labwire',
        timestamp: 1_718_000_000.25,
      },
    });
  });

  test('the roles of LAB_TRAFFIC are covered: command, system alert, task update, agent status', () => {
    const channels = PUBLISH_TEMPLATES.map((candidate) => candidate.channel);
    assert.deepStrictEqual(
      ['user:{id}:commands', 'system:alerts', 'task_updates', 'agent:status'].filter((channel) => !channels.includes(channel)),
      [],
    );
  });

  test('the message id is escaped as JSON text; a missing id leaves {id} for the user', () => {
    const filled = fillTemplate(template('system-alert'), { messageId: 'a"b\\c\n', nowSeconds: Number.NaN });
    const payload = JSON.parse(filled.payload) as { timestamp: unknown; data: { alert_id: unknown } };
    const command = fillTemplate(template('user-command'), { messageId: 'x', nowSeconds: 1 });
    assert.deepStrictEqual([payload.data.alert_id, payload.timestamp, command.channel], ['a"b\\c\n', null, 'user:{id}:commands']);
  });

  test('templates are found by the role of a channel; {id} matches one segment', () => {
    const ids = (channel: string): string[] => templatesForChannel(channel).map((candidate) => candidate.id);
    assert.deepStrictEqual(
      [ids('user:jamie:commands'), ids('user::commands'), ids('user:a:b:commands'), ids('task_updates'), ids('nobody:knows')],
      [['user-command', 'user-command-msgpack'], [], [], ['task-update'], []],
    );
  });

  test('templates that carry a message id say so', () => {
    assert.deepStrictEqual([hasMessageId(template('user-command')), hasMessageId(template('task-update'))], [true, false]);
  });
});
